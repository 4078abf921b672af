import FakeProviderKit
import Foundation
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
