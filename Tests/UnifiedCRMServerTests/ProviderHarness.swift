import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderEmulators
import Testing
import UnifiedCRMCore
import UnifiedCRMSandbox
import UnifiedCRMServer

/// One emulated provider the end-to-end suite runs against: every registered emulator with an
/// `e2e.json` in its fixtures folder. The file states what differs between providers (native list
/// path, a valid create body, a custom field, ...), so a new provider needs no Swift edit here.
struct ProviderCase: CustomTestStringConvertible, Sendable {
    let integration: String
    /// `mappings/<integration>/fixtures/e2e.json`.
    let data: JSONValue
    /// `mappings/<integration>/fixtures/sandbox.json`'s `context`.
    let context: JSONValue
    var testDescription: String { integration }

    /// Records each emulator is seeded with.
    static let seedCount = 120

    static let allCases: [ProviderCase] = EmulatorRegistry.all.compactMap { kind in
        guard let fixtures = try? ProviderFixtures(mappingsDirectory: repositoryMappings, provider: kind.integration),
              let data = try? JSONValue.parse(fixtures.data("e2e.json")),
              let context = try? JSONValue.parse(fixtures.data("sandbox.json"))["context"] else { return nil }
        return ProviderCase(integration: kind.integration, data: data, context: context)
    }

    /// The case of one integration (for tests about one provider's behaviour).
    static func named(_ integration: String) throws -> ProviderCase {
        try #require(allCases.first { $0.integration == integration }, "no e2e fixtures for \(integration)")
    }

    /// The provider's native list route.
    var listPath: String { data["list_path"]?.stringValue ?? "" }
    /// The key of the record list in a native list answer.
    var rawListRoot: String { data["raw_list_root"]?.stringValue ?? "" }
    /// Where a native single-record answer holds the record's name.
    var rawNamePath: [String] { data["raw_name_path"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// A `remote_query` key the mapping reserves for routing or credentials (nil: none).
    var reservedQueryKey: String? { data["reserved_query_key"]?.stringValue }
    /// A custom field name the emulator defines, and a value of its type.
    var customField: (name: String, value: JSONValue) {
        (data["custom_field"]?["name"]?.stringValue ?? "", data["custom_field"]?["value"] ?? .null)
    }
    /// True when the provider keys custom fields by the name the unified API uses (HubSpot's property names).
    var customFieldSentUnderItsName: Bool { data["custom_field_sent_under_its_name"] == .bool(true) }
    /// A create body the provider itself rejects (the unified layer lets it through).
    var rejectedBody: JSONValue { data["rejected_body"] ?? .null }
}

/// One emulator served over real HTTP on a free loopback port, a unified-crm app pointed at it,
/// and an account connected to it.
struct ProviderHarness: Sendable {
    let provider: ProviderCase
    let emulator: any ProviderEmulator
    let server: TestServer
    let accountID: String
    /// Where the emulator listens (`http://127.0.0.1:PORT`); also its OAuth server's origin.
    let emulatorURL: String

    /// Requests the emulator received so far.
    func providerRequests() async -> [RecordedRequest] { await emulator.recorder.requests }

    /// Requests other than reads (what a write would have sent).
    func providerWrites() async -> [RecordedRequest] { await providerRequests().filter { $0.method != "GET" } }

    /// A unified URI for this account.
    func uri(_ path: String = "", _ query: String = "") -> String {
        "/unified/crm/opportunities\(path)?integrated_account_id=\(accountID)" + (query.isEmpty ? "" : "&" + query)
    }

    /// A body that creates a valid record on this provider (`e2e.json`'s `create_body`, named `name`).
    func createBody(name: String) -> JSONValue {
        var body = provider.data["create_body"] ?? .object([:])
        body.set(.string(name), at: ["name"])
        return body
    }

    /// Runs `body` with the emulator listening and the app under test ready. `context` replaces the
    /// account context of `sandbox.json`; `timeout` and `maxRetryWait` are the server's
    /// `--provider-timeout` and `--max-retry-wait`.
    static func run(_ provider: ProviderCase, context: JSONValue? = nil, timeout: Duration = .seconds(10), maxRetryWait: Duration = .seconds(1),
                    _ body: @Sendable @escaping (ProviderHarness, any TestClientProtocol) async throws -> Void) async throws {
        let kind = try #require(EmulatorRegistry.kind(provider.integration))
        let credentials = provider.context.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let emulator = try kind.make(mappingsDirectory: repositoryMappings, context: credentials, seedCount: ProviderCase.seedCount)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = EmulatorServer(emulator).application { port in continuation.yield(port) }
            group.addTask { try await app.run() }
            var port = 0
            for await p in ports { port = p; break }
            let mappings = try MappingDirectory.load(repositoryMappings)
            let emulatorURL = "http://127.0.0.1:\(port)"
            let caller = ProviderCaller(transport: PooledProviderTransport.shared, baseURLOverrides: [provider.integration: emulatorURL, "\(provider.integration).oauth": emulatorURL],
                                        timeout: timeout, maxRetryWait: maxRetryWait)
            let server = try TestServer(mappings: mappings, caller: caller)
            let accountBody = JSONValue.object(["integration": .string(provider.integration), "tenant_id": .string("e2e"), "context": context ?? provider.context])
            let account = try await AccountService(database: server.database, catalog: mappings.catalog).create(body: accountBody)
            let harness = ProviderHarness(provider: provider, emulator: emulator, server: server, accountID: account.id.uuidString.lowercased(), emulatorURL: emulatorURL)
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

extension ProviderHarness {
    /// Every record the provider holds now, read back through the unified API (`stream` walks every page).
    func allRecords(_ client: any TestClientProtocol) async throws -> [JSONValue] {
        let stream = try await client.execute(uri: uri("", "truto_response_format=stream&truto_ignore_remote_data=true"), method: .get, headers: authHeaders) { $0 }
        #expect(stream.status == .ok)
        return try String(buffer: stream.body).split(separator: "\n").map { try JSONValue.parse(Data($0.utf8)) }
    }

    /// How many records the provider holds with `name`.
    func recordCount(named name: String, _ client: any TestClientProtocol) async throws -> Int {
        try await allRecords(client).filter { $0["name"] == .string(name) }.count
    }
}
