import CivilCalendar
import FakeProviderKit
import Foundation
import Hummingbird

/// Pipedrive's webhooks (`webhooks.json`, a kit `WebhookSubscriptions`): `POST/GET/DELETE
/// /v1/webhooks` keep the company's webhooks (rules in `registrations`), and a deal written
/// through the API is delivered in the v2 format (`fanout`) to every v2 webhook whose
/// `event_action` and `event_object` match (`*` matches all). `GET /v1/users/me`
/// (`current-user.json`) names the company and the token owner the deliveries carry.
public final class PipedriveWebhooks: Sendable {
    struct Settings: Sendable, Decodable {
        let previousIgnores: [String]
        let deliveredVersion, entity, type: String

        enum CodingKeys: String, CodingKey { case entity, type, previousIgnores = "previous_ignores", deliveredVersion = "delivered_version" }
    }

    let settings: Settings
    let subscriptions: WebhookSubscriptions
    public var outbox: WebhookOutbox { subscriptions.outbox }
    /// The `GET /v1/users/me` data.
    nonisolated(unsafe) let currentUser: [String: Any]
    let companyID: Int
    let userID: Int
    let host: String

    init(fixtures: ProviderFixtures) throws {
        settings = try fixtures.decode(Settings.self, "webhooks.json")
        currentUser = try fixtures.object("current-user.json").filter { $0.key != "_comment" }
        guard let company = currentUser["company_id"].flatMap(FakeJSON.int), let id = currentUser["id"].flatMap(FakeJSON.int),
              let domain = currentUser["company_domain"] as? String else {
            throw FixtureError("pipedrive current-user.json: needs id, company_id and company_domain")
        }
        (companyID, userID, host) = (company, id, "\(domain).pipedrive.com")
        subscriptions = WebhookSubscriptions(try fixtures.decode(WebhookSubscriptions.Settings.self, "webhooks.json"),
                                             context: ["company_id": company, "owner_id": id, "type": settings.type])
    }

    /// `GET /v1/users/me`.
    func currentUserAnswer() -> Response { FakeJSON.response(.ok, ["success": true, "data": currentUser]) }
}

/// The v2 delivery of a deal event: `previous` holds the old values of the changed members (null
/// after a create, the last state after a delete); a change of ignored members only sends nothing.
extension PipedriveWebhooks {
    public enum Action: String, Sendable { case create, change, delete }

    /// Delivers a deal event of deal `dealID` (owned by `ownerID`) to the matching webhooks; the
    /// deal before and after is rendered only when one matches.
    func send(_ action: Action, dealID: Int, ownerID: Int?, old: @autoclosure () -> [String: Any]?, new: @autoclosure () -> [String: Any]?) {
        let wanted = ["version": [settings.deliveredVersion], "event_action": [action.rawValue, "*"], "event_object": [settings.entity, "*"]]
        subscriptions.deliver(matching: wanted, { () -> [String: Any]? in
            let old = old(), new = new()
            var previous: [String: Any]?
            switch action {
            case .create: previous = nil
            case .delete: previous = old
            case .change:
                guard let old, let new else { return nil }
                previous = PreviousValues.of(old, new, ignoring: settings.previousIgnores, nested: ["custom_fields"])
                guard previous?.isEmpty == false else { return nil }
            }
            return [
                "action": action.rawValue, "entity": settings.entity, "company_id": String(companyID), "entity_id": String(dealID),
                "timestamp": CivilTimestamp(epochMilliseconds: FakeClock.nowMilliseconds()).iso8601Milliseconds,
                "type": settings.type, "user_id": String(userID), "version": settings.deliveredVersion, "host": host,
                "permitted_user_ids": Array(Set([userID] + (ownerID.map { [$0] } ?? []))).sorted().map(String.init),
                "data": action == .delete ? NSNull() : FakeJSON.nullable(new), "previous": FakeJSON.nullable(previous),
            ]
        }, perWebhook: { ["webhook_id": String($0.id)] })
    }
}
