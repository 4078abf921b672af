import FakeProviderKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// A loopback receiver answering `script` in turn (then 200) after `delay` milliseconds.
private final class Receiver: Sendable {
    let bodies = Mutex<[String]>([])
    let script: Mutex<[Int]>
    let delay: Int

    init(_ script: [Int] = [], delay: Int = 0) { self.script = Mutex(script); self.delay = delay }

    func run(_ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.post("/in") { [self] request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 16)
            if delay > 0 { try await Task.sleep(for: .milliseconds(delay)) }
            bodies.withLock { $0.append(String(buffer: buffer)) }
            return Response(status: .init(code: script.withLock { $0.isEmpty ? 200 : $0.removeFirst() }))
        }
        try await LoopbackServer.run(router) { port in try await body("http://127.0.0.1:\(port)/in") }
    }
}

@Suite("Webhook outbox")
struct WebhookOutboxTests {
    @Test func retriesWhatThePolicyRetriesAndRecordsEveryAttempt() async throws {
        let outbox = WebhookOutbox(policy: WebhookPolicy(attempts: 4, retryDelaysMilliseconds: [10], timeoutMilliseconds: 120_000))
        let receiver = Receiver([503, 500])
        try await receiver.run { url in
            outbox.post(to: url) { attempt in WebhookMessage.json(["attempt": attempt], headers: [("X-Test", "yes")]) }
            await outbox.idle()
        }
        #expect(receiver.bodies.withLock { $0 } == [#"{"attempt":0}"#, #"{"attempt":1}"#, #"{"attempt":2}"#])
        let attempts = outbox.attempts
        #expect(attempts.map(\.status) == [503, 500, 200])
        #expect(attempts.map(\.attempt) == [1, 2, 3] && Set(attempts.map(\.delivery)) == [1])
        #expect(attempts.first?.header("content-type") == "application/json" && attempts.first?.header("x-test") == "yes")
    }

    @Test func stopsOnAStatusThePolicyDoesNotRetryAndRecordsRefusedConnections() async throws {
        let only429 = WebhookOutbox(policy: WebhookPolicy(attempts: 3, retryDelaysMilliseconds: [5], retryStatuses: [429], retryOnError: false, timeoutMilliseconds: 120_000))
        let receiver = Receiver([500])
        try await receiver.run { url in
            only429.post(to: url) { _ in WebhookMessage.json([String: Any]()) }
            await only429.idle()
        }
        #expect(only429.attempts.map(\.status) == [500])

        let refused = WebhookOutbox(policy: WebhookPolicy(attempts: 2, retryDelaysMilliseconds: [5], timeoutMilliseconds: 500))
        refused.post(to: "http://127.0.0.1:1/nothing") { _ in WebhookMessage.json([1]) }
        await refused.idle()
        #expect(refused.attempts.count == 2 && refused.attempts.allSatisfy { $0.status == nil && $0.error != nil })
    }

    @Test func postReturnsBeforeTheReceiverAnswers() async throws {
        let outbox = WebhookOutbox(policy: WebhookPolicy(timeoutMilliseconds: 120_000))
        let receiver = Receiver(delay: 300)
        try await receiver.run { url in
            let start = ContinuousClock.now
            outbox.post(to: url) { _ in WebhookMessage.json(["x": 1]) }
            #expect(ContinuousClock.now - start < .milliseconds(100))
            #expect(outbox.attempts.isEmpty)
            await outbox.idle()
            #expect(outbox.attempts.map(\.status) == [200])
        }
    }

    @Test func adminRoutesSetTheTargetAndListDeliveries() async throws {
        let outbox = WebhookOutbox(policy: WebhookPolicy(timeoutMilliseconds: 120_000))
        let router = Router()
        WebhookAdmin.addRoutes(to: router, outbox: outbox, configurable: true, publicKeyPEM: "PEM")
        try await Application(router: router).test(.router) { client in
            let put = { (body: String) in
                try await client.execute(uri: "/__admin/webhooks", method: .put, body: ByteBuffer(string: body)) { $0.status }
            }
            #expect(try await put(#"{"target_url":"mailto:x"}"#) == .badRequest)
            #expect(try await put(#"{"target_url":"http://127.0.0.1:9/h","client_secret":"s","app_id":42}"#) == .ok)
            #expect(outbox.target == WebhookTarget(url: "http://127.0.0.1:9/h", settings: ["client_secret": "s", "app_id": "42"]))
            try await client.execute(uri: "/__admin/webhooks/public-key", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"public_key_pem":"PEM"}"#)
            }
            try await client.execute(uri: "/__admin/webhooks/deliveries", method: .get) { response in
                #expect(String(buffer: response.body) == #"{"deliveries":[]}"#)
            }
            #expect(try await client.execute(uri: "/__admin/webhooks", method: .delete) { $0.status } == .noContent)
            #expect(outbox.target == nil)
        }
    }

    @Test func policyReadsTheFixtureMembers() throws {
        let json = #"{"attempts": 4, "retry_delays_ms": [3, 30], "retry_statuses": [429], "retry_on_error": false, "timeout_ms": 500}"#
        let policy = try JSONDecoder().decode(WebhookPolicy.self, from: Data(json.utf8))
        #expect(policy == WebhookPolicy(attempts: 4, retryDelaysMilliseconds: [3, 30], retryStatuses: [429], retryOnError: false, timeoutMilliseconds: 500))
    }

    /// HubSpot's published v1 and v2 signature examples (developers.hubspot.com/docs/faq/v1-request-validation, v2-request-validation).
    @Test func hashesMatchHubSpotsPublishedExamples() {
        let secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
        let body = #"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#
        #expect(WebhookSigning.sha256Hex(Data((secret + body).utf8)) == "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de")
        #expect(WebhookSigning.sha256Hex(Data((secret + "GEThttps://www.example.com/webhook_uri").utf8))
            == "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e")
        #expect(WebhookSigning.basicAuthorization(user: "Aladdin", password: "open sesame") == "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    }

    /// The v1 header of HubSpot's published example, laid out as data; the HMAC header recomputed.
    @Test func signatureHeadersFollowTheirRecipes() throws {
        let recipe = #"[{"name": "V", "value": "v1"}, {"name": "S", "sha256_hex": "{secret}{body}"},"#
            + #" {"name": "H", "hmac_sha256_base64": "POST{url}{body}{timestamp}"}, {"name": "T", "value": "{timestamp}"}]"#
        let headers = try JSONDecoder().decode(WebhookSignatureHeaders.self, from: Data(recipe.utf8))
        let secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy"
        let body = #"[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]"#
        var message = WebhookMessage(headers: [], body: Data(body.utf8))
        headers.sign(&message, url: "https://example.com/hook", secret: secret)
        let byName = Dictionary(uniqueKeysWithValues: message.headers.map { ($0.name, $0.value) })
        #expect(message.headers.map(\.name) == ["V", "S", "H", "T"] && byName["V"] == "v1")
        #expect(byName["S"] == "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de")
        let timestamp = try #require(byName["T"])
        #expect(Int64(timestamp) != nil)
        #expect(byName["H"] == WebhookSigning.hmacSHA256Base64(key: secret, Data("POSThttps://example.com/hook\(body)\(timestamp)".utf8)))
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(WebhookSignatureHeaders.self, from: Data(#"[{"name": "X"}]"#.utf8)) }
    }

    @Test func changedMembersComparesJSONValues() {
        let old: [String: Any] = ["a": 1, "b": "x", "c": ["k": 1], "gone": true]
        let new: [String: Any] = ["a": 1, "b": "y", "c": ["k": 2], "added": NSNull()]
        #expect(FakeJSON.changedMembers(from: old, to: new) == ["added", "b", "c", "gone"])
    }
}
