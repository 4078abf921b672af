import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Synchronization
import Testing

@testable import ProviderEmulators

/// A webhook receiver on a loopback port for the emulator tests: keeps every request and answers
/// the scripted statuses in turn (then 200).
final class WebhookTestReceiver: Sendable {
    struct Received: Sendable {
        var path: String
        var headers: [String: String]
        var body: Data
        /// The body parsed as JSON.
        var json: Any? { try? JSONSerialization.jsonObject(with: body) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
    }

    private let state: Mutex<(received: [Received], script: [Int])>

    init(answering script: [Int] = []) { state = Mutex(([], script)) }

    var received: [Received] { state.withLock { $0.received } }

    /// Runs `body` while the receiver listens; passes its URL (`http://127.0.0.1:<port>/hooks/<name>`).
    func run(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hooks/**") { [self] request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = state.withLock { state in
                state.received.append(Received(path: request.uri.path, headers: headers, body: Data(buffer.readableBytesView)))
                return state.script.isEmpty ? 200 : state.script.removeFirst()
            }
            return Response(status: .init(code: status))
        }
        try await LoopbackServer.run(router) { port in try await body("http://127.0.0.1:\(port)/hooks/crm") }
    }
}

/// `PUT /__admin/webhooks` with `target_url` and the provider's other settings.
func setWebhookTarget(_ client: any TestClientProtocol, _ url: String, _ settings: [String: Any] = [:]) async throws {
    let reply = try await send(client, .put, "/__admin/webhooks", headers: [.contentType: "application/json"],
                               json: settings.merging(["target_url": url]) { $1 })
    #expect(reply.status == .ok)
}

/// The JSON objects of `GET /__admin/webhooks/deliveries`.
func adminDeliveries(_ client: any TestClientProtocol) async throws -> [[String: Any]] {
    try await send(client, .get, "/__admin/webhooks/deliveries", headers: [:]).json["deliveries"] as? [[String: Any]] ?? []
}
