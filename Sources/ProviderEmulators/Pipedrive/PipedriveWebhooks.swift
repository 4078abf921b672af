import FakeProviderKit
import Foundation
import Hummingbird

/// Pipedrive's webhooks (`webhooks.json`): `POST/GET/DELETE /v1/webhooks` keep the company's
/// webhooks (a kit `WebhookRegistry`, its rules in `registrations`), and a deal written through
/// the API is delivered in the v2 format to every v2 webhook whose `event_action` and
/// `event_object` match (`*` matches all), with HTTP basic auth when the webhook has
/// `http_auth_user`. `GET /v1/users/me` (`current-user.json`) names the company and the token
/// owner the deliveries carry.
public final class PipedriveWebhooks: Sendable {
    struct Settings: Sendable, Decodable {
        let delivery: WebhookPolicy
        let registrations: WebhookRegistrationRules
        let fanout: WebhookFanout
        let previousIgnores: [String]
        let deliveredVersion, entity, type: String

        enum CodingKeys: String, CodingKey {
            case delivery, registrations, fanout, entity, type, previousIgnores = "previous_ignores", deliveredVersion = "delivered_version"
        }
    }

    public let outbox: WebhookOutbox
    let settings: Settings
    let registry: WebhookRegistry
    /// The `GET /v1/users/me` data.
    let currentUser: JSONFixture
    let companyID: Int
    let userID: Int
    let host: String

    init(fixtures: ProviderFixtures) throws {
        settings = try fixtures.decode(Settings.self, "webhooks.json")
        currentUser = try fixtures.decode(JSONFixture.self, "current-user.json")
        let user = currentUser.value as? [String: Any] ?? [:]
        guard let company = user["company_id"].flatMap(FakeJSON.int), let id = user["id"].flatMap(FakeJSON.int),
              let domain = user["company_domain"] as? String else {
            throw FixtureError("pipedrive current-user.json: needs id, company_id and company_domain")
        }
        (companyID, userID, host) = (company, id, "\(domain).pipedrive.com")
        outbox = WebhookOutbox(policy: settings.delivery)
        registry = WebhookRegistry(rules: settings.registrations, context: ["company_id": company, "owner_id": id, "type": settings.type])
    }

    /// `GET /v1/users/me`.
    func currentUserAnswer() -> Response {
        var data = currentUser.value as? [String: Any] ?? [:]
        data["_comment"] = nil
        return FakeJSON.response(.ok, ["success": true, "data": data])
    }
}
