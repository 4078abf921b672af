import Foundation

/// How an event reaches the webhooks registered through a provider's API (`WebhookRegistry`), as
/// data: the member holding each webhook's URL, the members giving HTTP basic auth, the names that
/// get a new id per webhook, and the body every webhook gets.
///
/// ```json
/// {"url": "subscription_url", "basic_auth": {"user": "http_auth_user", "password": "http_auth_password"},
///  "fresh_ids": ["delivery_id"],
///  "body": {"meta": {"id": "{delivery_id}", "action": "{action}", "attempt": "{attempt}"}, "data": "{data}"}}
/// ```
///
/// The body is a `JSONTemplate` filled with the event's values, then the webhook's, a lowercase
/// UUID for each of `fresh_ids` (one per webhook, the same on every retry) and `attempt` (1 first).
/// A webhook without the basic auth user gets no `Authorization` header; a missing password is empty.
public struct WebhookFanout: Sendable, Decodable {
    public struct BasicAuth: Sendable, Decodable {
        public let user: String
        public let password: String
    }

    public let url: String
    public let basicAuth: BasicAuth?
    public let freshIds: [String]
    public let body: JSONFixture

    enum CodingKeys: String, CodingKey { case url, body, basicAuth = "basic_auth", freshIds = "fresh_ids" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        basicAuth = try c.decodeIfPresent(BasicAuth.self, forKey: .basicAuth)
        freshIds = try c.decodeIfPresent([String].self, forKey: .freshIds) ?? []
        body = try c.decode(JSONFixture.self, forKey: .body)
    }

    /// Posts the event of `values` to each of `webhooks` through `outbox`; `perWebhook` adds a
    /// webhook's own values (its id as the provider writes it).
    public func deliver(_ values: [String: Any], to webhooks: [WebhookRegistry.Registration], outbox: WebhookOutbox,
                        perWebhook: (WebhookRegistry.Registration) -> [String: Any] = { ["webhook_id": $0.id] }) {
        for webhook in webhooks {
            var filled = values.merging(perWebhook(webhook)) { $1 }
            for name in freshIds { filled[name] = UUID().uuidString.lowercased() }
            let auth = basicAuth.flatMap { members in
                webhook.string(members.user).map { WebhookSigning.basicAuthorization(user: $0, password: webhook.string(members.password) ?? "") }
            }
            nonisolated(unsafe) let fixed = filled
            let template = body
            outbox.post(to: webhook.string(url) ?? "") { attempt in
                let payload = JSONTemplate.fill(template.value, fixed.merging(["attempt": attempt + 1]) { $1 })
                return WebhookMessage.json(payload, headers: auth.map { [("Authorization", $0)] } ?? [])
            }
        }
    }
}
