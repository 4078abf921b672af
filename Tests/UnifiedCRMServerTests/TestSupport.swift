import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import UnifiedCRMCore
import UnifiedCRMServer

/// The repository's `mappings/` directory.
let repositoryMappings = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("mappings").path

let testToken = "test-token-0123456789"
let authHeaders: HTTPFields = [.authorization: "Bearer \(testToken)"]

/// A temporary database file removed when the test process ends.
func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("unified-crm-test-\(UUID().uuidString).sqlite").path
}

/// A server over a fresh temporary database, with the repository's mapping files.
struct TestServer {
    let databasePath: String
    let key: EncryptionKey
    let database: AppDatabase
    let dependencies: AppDependencies
    let logs: LogCapture

    init(databasePath: String = temporaryDatabasePath(), key: EncryptionKey = .random()) throws {
        self.databasePath = databasePath
        self.key = key
        self.database = try AppDatabase(path: databasePath, encryptionKey: key)
        self.dependencies = AppDependencies(
            database: database, catalog: try MappingDirectory.loadCatalog(repositoryMappings), apiToken: testToken
        )
        self.logs = LogCapture()
    }

    /// A server with the unified API over `mappings`, calling providers through `caller`.
    /// Webhooks may go to loopback receivers over http (tests), retried after a few milliseconds.
    init(mappings: MappingSet, caller: ProviderCaller, webhookPolicy: WebhookTargetPolicy = WebhookTargetPolicy(allowHTTP: true, allowPrivateTargets: true)) throws {
        self.databasePath = temporaryDatabasePath()
        self.key = .random()
        self.database = try AppDatabase(path: databasePath, encryptionKey: key)
        self.dependencies = AppDependencies(database: database, mappings: mappings, apiToken: testToken, caller: caller, webhookPolicy: webhookPolicy,
                                            webhookSettings: WebhookDeliveryWorker.Settings(baseBackoff: 0.01, maxBackoff: 0.05, timeout: .seconds(2)))
        self.logs = LogCapture()
    }

    /// Runs `body` against the application in process.
    func test<Value: Sendable>(_ body: @Sendable @escaping (any TestClientProtocol) async throws -> Value) async throws -> Value {
        let logs = self.logs
        var logger = Logger(label: "test") { _ in LogCaptureHandler(capture: logs) }
        logger.logLevel = .trace
        let app = Application(router: buildRouter(dependencies), logger: logger)
        return try await app.test(.router) { client in try await body(client) }
    }
}

/// A decoded response.
struct JSONResult: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var json: JSONValue
    var text: String
}

extension TestClientProtocol {
    /// Sends a request (with the test token unless `headers` is given) and decodes the JSON answer.
    func send(_ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, raw: String? = nil, headers: HTTPFields = authHeaders) async throws -> JSONResult {
        var body: ByteBuffer?
        if let json { body = ByteBuffer(bytes: json.encoded()) }
        if let raw { body = ByteBuffer(string: raw) }
        return try await execute(uri: uri, method: method, headers: headers, body: body) { response in
            let text = String(buffer: response.body)
            let json = (try? JSONValue.parse(Data(text.utf8))) ?? .null
            return JSONResult(status: response.status, headers: response.headers, json: json, text: text)
        }
    }
}

/// Collects every log line (message and metadata) so tests can check that no secret is logged.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])
    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: String { lines.withLock { $0.joined(separator: "\n") } }
}

import Synchronization

struct LogCaptureHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let merged = metadata.merging(extra ?? [:]) { _, new in new }
        capture.append("\(level) \(message) \(merged)")
    }
}

extension JSONValue {
    /// Builds JSON from a literal-ish Swift dictionary in tests.
    static func from(_ text: String) -> JSONValue { (try? JSONValue.parse(Data(text.utf8))) ?? .null }
}
