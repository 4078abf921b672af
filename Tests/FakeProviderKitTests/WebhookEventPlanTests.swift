import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import Testing

@Suite struct WebhookEventPlanTests {
    static let plan = WebhookEventPlan(events: ["create": "Made", "update": "Changed", "delete": "Gone"],
                                       fieldEvents: ["status": "StatusChanged", "amount": "AmountChanged"],
                                       payload: ["id": "id", "state": "status", "owner": "owner"])

    @Test func anUpdateSendsOneEventPerChangedFieldEventMember() {
        let old: [String: Any] = ["id": "a", "status": "open", "amount": 1, "owner": NSNull()]
        let new: [String: Any] = ["id": "a", "status": "won", "amount": 2, "owner": NSNull()]
        let events = Self.plan.bodies("update", old: old, new: new)
        #expect(events.compactMap { $0["type"] as? String } == ["Changed", "AmountChanged", "StatusChanged"])
        #expect(events[0]["state"] as? String == "won" && events[0]["owner"] == nil && events[0]["id"] as? String == "a")
    }

    @Test func createsAndDeletesSendTheirEventFromTheRecordTheyHave() throws {
        #expect(Self.plan.bodies("delete", old: ["id": "b", "status": "lost"], new: nil).first?["state"] as? String == "lost")
        #expect(Self.plan.bodies("create", old: nil, new: ["id": "c"]).map { $0["type"] as? String } == ["Made"])
        #expect(Self.plan.bodies("create", old: nil, new: nil).isEmpty)
        #expect(throws: FixtureError.self) { try Self.plan.requireEvents(["create", "archive"], file: "w.json") }
        let decoded = try JSONDecoder().decode(WebhookEventPlan.self, from: Data(#"{"events": {"create": "X"}, "field_events": {}, "payload": {}}"#.utf8))
        #expect(decoded.events == ["create": "X"])
    }
}

@Suite struct WebhookEventPlanPostTests {
    @Test func postedEventsAreStampedAndSigned() async throws {
        let plan = try JSONDecoder().decode(WebhookEventPlan.self, from: Data(#"""
        {"events": {"create": "Made"}, "payload": {"id": "id"},
         "stamps": {"at": "iso8601-milliseconds", "eventId": "uuid"}, "signature_header": "X-Sig"}
        """#.utf8))
        let key = try Ed25519WebhookKey()
        let outbox = WebhookOutbox(policy: WebhookPolicy(attempts: 1, retryDelaysMilliseconds: [10]))
        plan.post("create", old: nil, new: ["id": "a"], outbox: outbox, key: key)
        #expect(outbox.attempts.isEmpty)
        let bodies = Mutex<[(String, String?)]>([])
        let router = Router()
        router.post("/in") { request, _ -> Response in
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 16)
            bodies.withLock { $0.append((String(buffer: buffer), request.headers[HTTPField.Name("X-Sig")!])) }
            return Response(status: .ok)
        }
        try await LoopbackServer.run(router) { port in
            outbox.configure(WebhookTarget(url: "http://127.0.0.1:\(port)/in"))
            plan.post("create", old: nil, new: ["id": "a"], outbox: outbox, key: key)
            await outbox.idle()
        }
        let (body, signature) = try #require(bodies.withLock { $0 }.first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(event["type"] as? String == "Made" && event["id"] as? String == "a")
        #expect((event["at"] as? String).flatMap(TimeText.iso8601Milliseconds.parse) != nil && (event["eventId"] as? String)?.count == 36)
        // Ed25519 signatures are 64 bytes (the emulator tests verify them against the published key).
        #expect(signature.flatMap { Data(base64Encoded: $0) }?.count == 64)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WebhookEventPlan.self, from: Data(#"{"events": {}, "payload": {}, "stamps": {"at": "never"}}"#.utf8))
        }
    }
}
