import CivilCalendar
import FakeProviderKit
import Foundation
import Hummingbird
import Synchronization

/// Pipedrive's webhooks (`webhooks.json`): `POST/GET/DELETE /v1/webhooks` keep the company's
/// webhooks, and a deal written through the API is delivered in the v2 format to every v2
/// webhook whose `event_action` and `event_object` match (`*` matches all), with HTTP basic auth
/// when the webhook has `http_auth_user`. `GET /v1/users/me` (`current-user.json`) names the
/// company and the token owner the deliveries carry.
public final class PipedriveWebhooks: Sendable {
    struct Settings: Sendable, Decodable {
        let delivery: WebhookPolicy
        let firstWebhookID: Int
        let eventActions, eventObjects, versions, previousIgnores: [String]
        let defaultVersion, deliveredVersion, entity, changeSource, type: String
        let errors: [String: String]

        enum CodingKeys: String, CodingKey {
            case delivery, versions, entity, type, errors, firstWebhookID = "first_webhook_id", eventActions = "event_actions"
            case eventObjects = "event_objects", previousIgnores = "previous_ignores", defaultVersion = "default_version"
            case deliveredVersion = "delivered_version", changeSource = "change_source"
        }
    }

    /// A registered webhook, as `GET /v1/webhooks` lists it.
    struct Webhook: Sendable {
        var id: Int
        var userID: Int
        var eventAction, eventObject, subscriptionURL, version, name: String
        var authUser, authPassword: String?
        var addTime: Int64
    }

    public let outbox: WebhookOutbox
    let settings: Settings
    /// The `GET /v1/users/me` data.
    let currentUser: JSONFixture
    let companyID: Int
    let userID: Int
    let host: String
    let state: Mutex<(webhooks: [Webhook], nextID: Int)>

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
        state = Mutex(([], settings.firstWebhookID))
    }

    /// `GET /v1/users/me`.
    func currentUserAnswer() -> Response {
        var data = currentUser.value as? [String: Any] ?? [:]
        data["_comment"] = nil
        return FakeJSON.response(.ok, ["success": true, "data": data])
    }

    // MARK: - /v1/webhooks

    /// `POST /v1/webhooks`: 201 with the webhook, or 400 listing every invalid member.
    func add(_ body: [String: Any]) -> Response {
        let message = { [settings] (name: String) in [settings.errors[name] ?? name] }
        var errors: [String: [String]] = [:]
        let text = { (name: String) -> String? in (body[name] as? String).flatMap { $0.isEmpty ? nil : $0 } }
        for name in ["subscription_url", "event_action", "event_object", "name"] where text(name) == nil { errors[name] = message("required") }
        if let url = text("subscription_url"), !Self.isHTTPURL(url) { errors["subscription_url"] = message("invalid_url") }
        for (name, allowed) in [("event_action", settings.eventActions), ("event_object", settings.eventObjects), ("version", settings.versions)] {
            if let value = text(name), !allowed.contains(value) { errors[name] = message("not_allowed") }
        }
        if let name = text("name"), name.count > 255 { errors["name"] = message("too_long") }
        if let raw = body["version"], !(raw is NSNull), text("version") == nil { errors["version"] = message("not_allowed") }
        if let raw = body["user_id"], !(raw is NSNull), FakeJSON.int(raw).map({ $0 > 0 }) != true { errors["user_id"] = message("not_allowed") }
        guard errors.isEmpty, let url = text("subscription_url"), let action = text("event_action"),
              let object = text("event_object"), let name = text("name") else {
            return FakeJSON.response(.badRequest, ["status": "error", "success": false, "errors": errors])
        }
        let webhook = state.withLock { state in
            let webhook = Webhook(id: state.nextID, userID: body["user_id"].flatMap(FakeJSON.int) ?? userID, eventAction: action,
                                  eventObject: object, subscriptionURL: url, version: text("version") ?? settings.defaultVersion,
                                  name: name, authUser: text("http_auth_user"), authPassword: text("http_auth_password"),
                                  addTime: FakeClock.nowMilliseconds())
            state.nextID += 1
            state.webhooks.append(webhook)
            return webhook
        }
        return FakeJSON.response(.created, ["status": "ok", "success": true, "data": json(webhook)])
    }

    /// `GET /v1/webhooks`.
    func list() -> Response {
        FakeJSON.response(.ok, ["status": "ok", "success": true, "data": state.withLock { $0.webhooks }.map(json)])
    }

    /// `DELETE /v1/webhooks/{id}`: 200, or 404 for an unknown id.
    func remove(id raw: String?) -> Response {
        let removed = state.withLock { state in
            guard let id = raw.flatMap(Int.init), let index = state.webhooks.firstIndex(where: { $0.id == id }) else { return false }
            state.webhooks.remove(at: index)
            return true
        }
        guard removed else {
            return FakeJSON.response(.notFound, ["status": "error", "success": false, "errors": ["id": [settings.errors["not_found"] ?? "not found"]]])
        }
        return FakeJSON.response(.ok, ["status": "ok", "success": true])
    }

    func json(_ webhook: Webhook) -> [String: Any] {
        ["id": webhook.id, "company_id": companyID, "owner_id": userID, "user_id": webhook.userID, "event_action": webhook.eventAction,
         "event_object": webhook.eventObject, "subscription_url": webhook.subscriptionURL, "version": webhook.version,
         "is_active": 1, "add_time": CivilTimestamp(epochMilliseconds: webhook.addTime).iso8601Milliseconds, "remove_time": NSNull(),
         "type": settings.type, "http_auth_user": FakeJSON.nullable(webhook.authUser), "http_auth_password": FakeJSON.nullable(webhook.authPassword),
         "remove_reason": NSNull(), "last_delivery_time": NSNull(), "last_http_status": NSNull(), "admin_id": userID, "name": webhook.name]
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}
