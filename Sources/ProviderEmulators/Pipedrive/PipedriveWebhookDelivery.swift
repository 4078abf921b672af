import CivilCalendar
import FakeProviderKit
import Foundation

/// The v2 delivery of a deal event, laid out in `webhooks.json`'s `fanout`: `previous` holds the
/// old values of the changed members (null after a create, the last state after a delete).
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
            previous = PreviousValues.of(old, new, ignoring: settings.previousIgnores, nested: ["custom_fields"])
            guard previous?.isEmpty == false else { return }
        }
        settings.fanout.deliver([
            "action": action.rawValue, "entity": settings.entity, "company_id": String(companyID), "entity_id": String(dealID),
            "timestamp": CivilTimestamp(epochMilliseconds: FakeClock.nowMilliseconds()).iso8601Milliseconds,
            "type": settings.type, "user_id": String(userID), "version": settings.deliveredVersion, "host": host,
            "permitted_user_ids": Array(Set([userID] + (ownerID.map { [$0] } ?? []))).sorted().map(String.init),
            "data": action == .delete ? NSNull() : FakeJSON.nullable(new), "previous": FakeJSON.nullable(previous),
        ], to: webhooks, outbox: outbox) { ["webhook_id": String($0.id)] }
    }
}
