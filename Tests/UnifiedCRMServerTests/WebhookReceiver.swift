import Crypto
import FakeProviderKit
import Foundation
import Hummingbird
import Logging
import Synchronization
import UnifiedCRMCore

/// A webhook receiver on a loopback port: keeps every delivery it gets and answers `status`
/// (500 while "down").
final class WebhookReceiver: Sendable {
    struct Received: Sendable {
        var headers: [String: String]
        var body: [UInt8]
        var json: JSONValue { (try? JSONValue.parse(Data(body))) ?? .null }
    }

    private let state = Mutex<(received: [Received], status: Int)>(([], 200))

    var received: [Received] { state.withLock { $0.received } }
    func answer(_ status: Int) { state.withLock { $0.status = status } }

    /// Runs `body` with the receiver listening; passes its URL.
    func run(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/hook") { [self] request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let status = state.withLock { state in
                state.received.append(Received(headers: headers, body: Array(buffer.readableBytesView)))
                return state.status
            }
            return Response(status: .init(code: status))
        }
        try await LoopbackServer.run(router) { port in try await body("http://127.0.0.1:\(port)/hook") }
    }

    /// Checks a delivery's `X-Truto-Signature` and timestamped signature against `secret`.
    static func verify(_ delivery: Received, secret: String) -> Bool {
        let key = SymmetricKey(data: Data(secret.utf8))
        let hex = { (code: HMAC<SHA256>.MAC) in code.map { String(format: "%02x", $0) }.joined() }
        let truto = "format=sha256,v=" + hex(HMAC<SHA256>.authenticationCode(for: delivery.body, using: key))
        guard let timestamp = delivery.headers["x-unified-crm-timestamp"] else { return false }
        let timed = "t=\(timestamp),v1=" + hex(HMAC<SHA256>.authenticationCode(for: Array((timestamp + ".").utf8) + delivery.body, using: key))
        return delivery.headers["x-truto-signature"] == truto && delivery.headers["x-unified-crm-signature"] == timed
    }
}
