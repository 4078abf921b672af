import CivilCalendar
import FakeProviderKit
import Foundation

/// The v2 delivery of a deal event: `{"meta": {...}, "data": ..., "previous": ...}`, one request
/// per matching webhook. `data` is the deal as the v2 deals API writes it (null after a delete);
/// `previous` holds the old values of the changed members (null after a create, the last state
/// after a delete). Ids in `meta` are strings, as in Pipedrive's format example.
extension PipedriveWebhooks {
    public enum Action: String, Sendable { case create, change, delete }

    /// Delivers a deal event of deal `dealID` (owned by `ownerID`) to the matching webhooks; the
    /// deal before and after is rendered only when one matches.
    func send(_ action: Action, dealID: Int, ownerID: Int?, old: @autoclosure () -> [String: Any]?, new: @autoclosure () -> [String: Any]?) {
        let webhooks = registry.matching(["version": [settings.deliveredVersion], "event_action": [action.rawValue, "*"],
                                          "event_object": [settings.entity, "*"]])
        guard !webhooks.isEmpty else { return }
        let old = old(), new = new()
        var previous: [String: Any]?
        switch action {
        case .create: previous = nil
        case .delete: previous = old
        case .change:
            guard let old, let new else { return }
            let changed = FakeJSON.changedMembers(from: old, to: new).filter { !settings.previousIgnores.contains($0) }
            guard !changed.isEmpty else { return }
            previous = Dictionary(uniqueKeysWithValues: changed.map { name in
                (name, name == "custom_fields" ? Self.changedCustomFields(old[name], new[name]) : old[name] ?? NSNull())
            })
        }
        let timestamp = CivilTimestamp(epochMilliseconds: FakeClock.nowMilliseconds()).iso8601Milliseconds
        let permitted = Array(Set([userID] + (ownerID.map { [$0] } ?? []))).sorted().map(String.init)
        nonisolated(unsafe) let body: [String: Any] = ["data": action == .delete ? NSNull() : FakeJSON.nullable(new),
                                                      "previous": FakeJSON.nullable(previous)]
        for webhook in webhooks {
            let meta: [String: Any] = [
                "action": action.rawValue, "entity": settings.entity, "company_id": String(companyID),
                "correlation_id": UUID().uuidString.lowercased(), "entity_id": String(dealID), "id": UUID().uuidString.lowercased(),
                "is_bulk_edit": false, "timestamp": timestamp, "type": settings.type, "user_id": String(userID),
                "version": settings.deliveredVersion, "webhook_id": String(webhook.id), "webhook_owner_id": String(userID),
                "change_source": settings.changeSource, "host": host, "permitted_user_ids": permitted,
            ]
            let auth = webhook.string("http_auth_user").map {
                WebhookSigning.basicAuthorization(user: $0, password: webhook.string("http_auth_password") ?? "")
            }
            nonisolated(unsafe) let fixed = meta
            outbox.post(to: webhook.string("subscription_url") ?? "") { attempt in
                var payload = body
                payload["meta"] = fixed.merging(["attempt": attempt + 1]) { $1 }
                return WebhookMessage.json(payload, headers: auth.map { [("Authorization", $0)] } ?? [])
            }
        }
    }

    /// The old values of the custom fields that changed.
    static func changedCustomFields(_ old: Any?, _ new: Any?) -> [String: Any] {
        let old = old as? [String: Any] ?? [:], new = new as? [String: Any] ?? [:]
        return Dictionary(uniqueKeysWithValues: FakeJSON.changedMembers(from: old, to: new).map { ($0, old[$0] ?? NSNull()) })
    }
}
