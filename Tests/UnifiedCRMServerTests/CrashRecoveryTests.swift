import NIOHTTP1
import Foundation
import Testing
import UnifiedCRMCore

/// The real binary killed with SIGKILL while an event waits in the outbox: after a restart on the
/// same database the event is delivered, with the id it had before.
@Suite struct CrashRecoveryTests {
    /// The `unified-crm` executable `swift test` built beside the tests.
    static let binary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/unified-crm").path

    /// A `serve` process on a free port; its port is read from its "listening" log line.
    final class ServerProcess {
        let process = Process()
        let port: Int

        init(database: String, key: String) throws {
            process.executableURL = URL(fileURLWithPath: CrashRecoveryTests.binary)
            process.arguments = ["serve", "--port", "0", "--database", database, "--mappings", repositoryMappings,
                                 "--openapi", repositoryMappings + "/../openapi/unified-crm.yaml", "--allow-http-webhook-targets", "--allow-private-webhook-targets"]
            process.environment = ["UNIFIED_CRM_API_TOKEN": testToken, "UNIFIED_CRM_ENCRYPTION_KEY": key, "PATH": "/usr/bin:/bin"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            var seen = ""
            var found: Int?
            while found == nil {
                let chunk = output.fileHandleForReading.availableData
                guard !chunk.isEmpty else { break }
                seen += String(decoding: chunk, as: UTF8.self)
                if let match = seen.firstMatch(of: /port=(\d+)/) { found = Int(match.1) }
            }
            guard let found else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "serve did not start: \(seen)"]) }
            port = found
            // Keep draining the pipe so the server never blocks on a full one.
            output.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
        }

        func kill9() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    static func call(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil) async throws -> JSONValue {
        try await LiveServerHarness.send(method, url, body: body).json
    }

    @Test(.timeLimit(.minutes(1)))
    func anEventInTheOutboxWhenTheServerIsKilledIsDeliveredAfterTheRestartWithItsID() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "swift test builds \(Self.binary)")
        let database = temporaryDatabasePath(), key = EncryptionKey.random().base64
        let receiver = WebhookReceiver()
        receiver.answer(503)
        try await receiver.run { url in
            let first = try ServerProcess(database: database, key: key)
            let base = "http://127.0.0.1:\(first.port)"
            let hook = try await Self.call(.POST, "\(base)/webhook", body: .object(["target_url": .string(url), "event_types": .array([.string("record:created")])]))
            let id = try #require(hook["id"]?.stringValue), secret = try #require(hook["secret"]?.stringValue)
            let test = try await Self.call(.POST, "\(base)/webhook/\(id)/test")
            let eventID = try #require(test["event_id"]?.stringValue)
            // The receiver refuses the first attempt (recorded in the log): accepted, not delivered.
            while try await Self.call(.GET, "\(base)/webhook/\(id)/deliveries")["result"]?.arrayValue?.first?["attempts"]?.arrayValue?.isEmpty ?? true {
                try await Task.sleep(for: .milliseconds(50))
            }
            first.kill9()
            receiver.answer(200)
            let second = try ServerProcess(database: database, key: key)
            defer { second.kill9() }
            while !receiver.received.contains(where: { $0.json["id"]?.stringValue == eventID && $0.headers["x-truto-signature"] != nil }) || receiver.received.count < 2 {
                try await Task.sleep(for: .milliseconds(100))
            }
            let delivered = try #require(receiver.received.last)
            #expect(delivered.json["id"] == .string(eventID), "the same event id after the restart")
            #expect(WebhookReceiver.verify(delivered, secret: secret))
            // The receiver answers before the worker records the attempt: wait for the log to have it.
            var entry: JSONValue?
            for _ in 0..<100 {
                entry = try await Self.call(.GET, "http://127.0.0.1:\(second.port)/webhook/\(id)/deliveries")["result"]?.arrayValue?.first
                if entry?["status"] == .string("delivered") { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(entry?["status"] == .string("delivered"))
            #expect((entry?["attempts"]?.arrayValue?.count ?? 0) >= 2, "the refused attempt before the kill is in the log")
        }
    }
}
