import AsyncHTTPClient
import FakeProviderKit
import Foundation
import Hummingbird
import Logging
import NIOHTTP1
import ProviderEmulators
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// The server listening on a real loopback port beside a provider emulator (as `serve` runs it,
/// with its delivery worker and inbound-webhook processor), so the emulator can call it back:
/// provider webhooks end to end. `--public-url` is the server's own address.
struct LiveServerHarness {
    let provider: ProviderCase
    let emulator: any ProviderEmulator
    let emulatorURL: String
    let serverURL: String
    let database: AppDatabase
    let dependencies: AppDependencies

    /// A free loopback port (bound and released; the server binds it again at once).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else { throw CocoaError(.fileWriteUnknown) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func run(_ provider: ProviderCase, _ body: @Sendable @escaping (LiveServerHarness) async throws -> Void) async throws {
        let kind = try #require(EmulatorRegistry.kind(provider.integration))
        let credentials = provider.context.objectValue?.compactMapValues(\.stringValue) ?? [:]
        let emulator = try kind.make(mappingsDirectory: repositoryMappings, context: credentials, seedCount: 20)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            group.addTask { try await EmulatorServer(emulator).application { continuation.yield($0) }.run() }
            var emulatorPort = 0
            for await port in ports { emulatorPort = port; break }
            let emulatorURL = "http://127.0.0.1:\(emulatorPort)"
            let port = try freePort(), serverURL = "http://127.0.0.1:\(port)"
            let caller = ProviderCaller(transport: PooledProviderTransport.shared, baseURLOverrides: [provider.integration: emulatorURL, "\(provider.integration).oauth": emulatorURL],
                                        timeout: .seconds(10), maxRetryWait: .seconds(1))
            let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
            let dependencies = AppDependencies(database: database, mappings: try MappingDirectory.load(repositoryMappings), apiToken: testToken, caller: caller,
                                               webhookPolicy: WebhookTargetPolicy(allowHTTP: true, allowPrivateTargets: true),
                                               webhookSettings: .init(baseBackoff: 0.01, maxBackoff: 0.05, timeout: .seconds(2), pollInterval: .milliseconds(100)),
                                               publicURL: serverURL)
            let configuration = ServerConfiguration(host: "127.0.0.1", port: port, apiToken: testToken, encryptionKey: .random())
            var logger = Logger(label: "live")
            logger.logLevel = .error
            let (running, started) = AsyncStream.makeStream(of: Int.self)
            group.addTask { try await buildApplication(configuration, dependencies: dependencies, logger: logger) { started.yield($0) }.run() }
            for await _ in running { break }
            let harness = LiveServerHarness(provider: provider, emulator: emulator, emulatorURL: emulatorURL, serverURL: serverURL, database: database, dependencies: dependencies)
            do { try await body(harness) } catch { group.cancelAll(); throw error }
            group.cancelAll()
        }
    }

    /// A request to `base` + `path` with the API token; the status and parsed body.
    @discardableResult
    func call(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil, headers: [(String, String)]? = nil, raw: [UInt8]? = nil) async throws -> (status: Int, json: JSONValue) {
        try await Self.send(method, url.hasPrefix("http") ? url : serverURL + url, body: body, headers: headers, raw: raw)
    }

    /// A request to an absolute `url` (with the API token unless `headers` are given).
    static func send(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil, headers: [(String, String)]? = nil, raw: [UInt8]? = nil) async throws -> (status: Int, json: JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers ?? [("Authorization", "Bearer \(testToken)")] { request.headers.add(name: name, value: value) }
        if let bytes = raw ?? body.map({ JSONWriter.encode($0) }) {
            request.body = .bytes(bytes)
            if !request.headers.contains(name: "Content-Type") { request.headers.add(name: "Content-Type", value: "application/json") }
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 4 << 20)
        return (Int(response.status.code), (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null)
    }

    /// Waits (up to `seconds`) until `condition` holds.
    /// The default is long because it only matters when the condition never holds: under the whole suite's
    /// load on two cores a background set-up can take well over 10 s.
    static func eventually(_ what: String, seconds: Double = 60, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting: \(what)")
    }
}
