import FakeProviderKit
import Foundation
import Testing

@Suite struct WebhookFanoutTests {
    @Test func previousValuesHoldWhatChanged() {
        let old: [String: Any] = ["a": 1, "b": "x", "t": 5, "custom": ["k": 1, "j": 2]]
        let new: [String: Any] = ["a": 2, "b": "x", "t": 6, "c": true, "custom": ["k": 1, "j": 3]]
        let previous = PreviousValues.of(old, new, ignoring: ["t"], nested: ["custom"])
        #expect(Set(previous.keys) == ["a", "c", "custom"] && previous["a"] as? Int == 1 && previous["c"] is NSNull)
        #expect((previous["custom"] as? [String: Any])?.keys.sorted() == ["j"])
        #expect(PreviousValues.of(old, old.merging(["t": 9]) { $1 }, ignoring: ["t"]).isEmpty)
    }

    @Test func everyWebhookGetsTheFilledBodyWithItsIdsAndAuth() async throws {
        let fixtures = try FixtureListTests.fixtures([
            "rules.json": #"{"paths": ["/hooks"], "first_id": 7, "members": [{"name": "url"}, {"name": "user"}, {"name": "pass"}], "errors": {}, "created_member": "added", "created_form": "iso8601-milliseconds", "registration": {}, "answers": {}}"#,
            "fanout.json": #"{"url": "url", "basic_auth": {"user": "user", "password": "pass"}, "fresh_ids": ["delivery"], "body": {"meta": {"id": "{delivery}", "hook": "{webhook_id}", "try": "{attempt}", "fixed": 1}, "data": "{data}"}}"#,
        ])
        let registry = WebhookRegistry(rules: try fixtures.decode(WebhookRegistrationRules.self, "rules.json"), context: [:])
        _ = registry.add(["url": "http://127.0.0.1:1/a", "user": "u"])
        _ = registry.add(["url": "http://127.0.0.1:1/b"])
        let fanout = try fixtures.decode(WebhookFanout.self, "fanout.json")
        let outbox = WebhookOutbox(policy: WebhookPolicy(attempts: 2, retryDelaysMilliseconds: [1]))
        fanout.deliver(["data": ["x": 1]], to: registry.registrations, outbox: outbox)
        await outbox.idle()
        let attempts = outbox.attempts.sorted { ($0.url, $0.attempt) < ($1.url, $1.attempt) }
        #expect(attempts.map(\.url) == ["http://127.0.0.1:1/a", "http://127.0.0.1:1/a", "http://127.0.0.1:1/b", "http://127.0.0.1:1/b"])
        let bodies = try attempts.map { try #require(JSONSerialization.jsonObject(with: $0.body) as? [String: Any]) }
        let metas = bodies.compactMap { $0["meta"] as? [String: Any] }
        #expect(metas.compactMap { $0["try"] as? Int } == [1, 2, 1, 2] && metas.compactMap { $0["hook"] as? Int } == [7, 7, 8, 8])
        #expect(metas[0]["id"] as? String == metas[1]["id"] as? String && metas[0]["id"] as? String != metas[2]["id"] as? String)
        #expect(metas.allSatisfy { $0["fixed"] as? Int == 1 } && (bodies[0]["data"] as? [String: Any])?["x"] as? Int == 1)
        #expect(attempts[0].header("authorization") == WebhookSigning.basicAuthorization(user: "u", password: "") && attempts[2].header("authorization") == nil)
    }

    @Test func subscriptionsDeliverOnlyToMatchingRegistrations() async throws {
        let fixtures = try FixtureListTests.fixtures(["webhooks.json": #"""
        {"delivery": {"attempts": 1, "retry_delays_ms": []},
         "registrations": {"paths": ["/hooks"], "first_id": 1, "members": [{"name": "url"}, {"name": "kind"}], "errors": {},
                           "created_member": "added", "created_form": "iso8601-milliseconds", "registration": {"id": "{id}", "owner": "{owner}"}, "answers": {}},
         "fanout": {"url": "url", "body": {"event": "{event}", "hook": "{webhook_id}"}}}
        """#])
        let subscriptions = WebhookSubscriptions(try fixtures.decode(WebhookSubscriptions.Settings.self, "webhooks.json"), context: ["owner": 9])
        _ = subscriptions.registry.add(["url": "http://127.0.0.1:1/a", "kind": "deal"])
        _ = subscriptions.registry.add(["url": "http://127.0.0.1:1/b", "kind": "note"])
        let registration = try #require(subscriptions.registry.registrations.first)
        #expect((subscriptions.registry.json(registration) as? [String: Any])?["owner"] as? Int == 9)
        nonisolated(unsafe) var asked = 0
        subscriptions.deliver(matching: ["kind": ["task"]], { asked += 1; return ["event": "x"] })
        subscriptions.deliver(matching: ["kind": ["deal"]], { nil })
        subscriptions.deliver(matching: ["kind": ["deal", "*"]], { asked += 1; return ["event": "changed"] })
        await subscriptions.outbox.idle()
        #expect(asked == 1 && subscriptions.outbox.attempts.map(\.url) == ["http://127.0.0.1:1/a"])
        let body = try #require(JSONSerialization.jsonObject(with: subscriptions.outbox.attempts[0].body) as? [String: Any])
        #expect(body["event"] as? String == "changed" && body["hook"] as? Int == 1)
    }
}
