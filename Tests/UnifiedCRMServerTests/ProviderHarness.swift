import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderEmulators
import Testing
import UnifiedCRMCore
import UnifiedCRMSandbox
import UnifiedCRMServer

/// The three emulated providers the end-to-end suite runs against.
enum ProviderCase: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case hubspot, pipedrive, highlevel
    var testDescription: String { rawValue }

    /// Records each emulator is seeded with.
    static let seedCount = 120

    /// The provider's native list route.
    var listPath: String {
        switch self {
        case .hubspot: "/crm/v3/objects/deals"
        case .pipedrive: "/api/v2/deals"
        case .highlevel: "/opportunities/search"
        }
    }

    /// The provider's largest page.
    var maxPage: Int { self == .pipedrive ? 500 : 100 }

    /// A custom field name the emulator defines, and a value of its type.
    var customField: (name: String, value: JSONValue) {
        switch self {
        case .hubspot: ("competitor", .string("Globex"))
        case .pipedrive: ("Competitor", .string("Globex"))
        case .highlevel: ("Competitor", .string("Globex"))
        }
    }
}

/// One emulator served over real HTTP on a free loopback port, a unified-crm app pointed at it,
/// and an account connected to it.
struct ProviderHarness: Sendable {
    let provider: ProviderCase
    let emulators: SandboxEmulators
    let server: TestServer
    let accountID: String

    var emulator: any ProviderEmulator {
        switch provider {
        case .hubspot: emulators.hubspot
        case .pipedrive: emulators.pipedrive
        case .highlevel: emulators.highlevel
        }
    }

    /// Requests the emulator received so far.
    func providerRequests() async -> [RecordedRequest] { await emulator.recorder.requests }

    /// Requests other than reads (what a write would have sent).
    func providerWrites() async -> [RecordedRequest] { await providerRequests().filter { $0.method != "GET" } }

    /// A unified URI for this account.
    func uri(_ path: String = "", _ query: String = "") -> String {
        "/unified/crm/opportunities\(path)?integrated_account_id=\(accountID)" + (query.isEmpty ? "" : "&" + query)
    }

    /// A body that creates a valid record on this provider.
    func createBody(name: String) async -> JSONValue {
        switch provider {
        case .hubspot:
            return .from(#"{"name":"\#(name)","amount":2500.5,"close_date":"2026-03-01T00:00:00.000Z","stage":{"id":"appointmentscheduled"},"description":"made by a test"}"#)
        case .pipedrive:
            return .from(#"{"name":"\#(name)","amount":2500.5,"currency":"EUR","status":"open","close_date":"2026-03-01T00:00:00.000Z","stage":{"id":2}}"#)
        case .highlevel:
            let ids = await emulators.highlevel.pipelineAndStageIds()
            let contact = await emulators.highlevel.validContactId()
            return .from(#"{"name":"\#(name)","amount":2500.5,"status":"open","stage":{"id":"\#(ids.stageId)"},"contact":[{"id":"\#(contact)"}],"remote_data":{"pipelineId":"\#(ids.pipelineId)"}}"#)
        }
    }

    /// Runs `body` with the emulator listening and the app under test ready.
    static func run(_ provider: ProviderCase, context: JSONValue? = nil, _ body: @Sendable @escaping (ProviderHarness, any TestClientProtocol) async throws -> Void) async throws {
        let emulators = SandboxEmulators(seedCount: ProviderCase.seedCount)
        let emulator: any ProviderEmulator = switch provider {
        case .hubspot: emulators.hubspot
        case .pipedrive: emulators.pipedrive
        case .highlevel: emulators.highlevel
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = EmulatorServer(emulator).application { port in continuation.yield(port) }
            group.addTask { try await app.run() }
            var port = 0
            for await p in ports { port = p; break }
            let mappings = try MappingDirectory.load(repositoryMappings)
            let caller = ProviderCaller(transport: HTTPClientTransport(), baseURLOverrides: [provider.rawValue: "http://127.0.0.1:\(port)"], timeout: .seconds(10), maxRetryWait: .seconds(1))
            let server = try TestServer(mappings: mappings, caller: caller)
            let accountBody = try context.map { JSONValue.object(["integration": .string(provider.rawValue), "tenant_id": .string("e2e"), "context": $0]) }
                ?? JSONValue.parse(Data(emulators.accountBody(for: provider.rawValue).utf8))
            let account = try await AccountService(database: server.database, catalog: mappings.catalog).create(body: accountBody)
            let harness = ProviderHarness(provider: provider, emulators: emulators, server: server, accountID: account.id.uuidString.lowercased())
            do {
                try await server.test { client in try await body(harness, client) }
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }
}
