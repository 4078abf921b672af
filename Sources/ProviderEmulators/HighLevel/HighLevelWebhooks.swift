import FakeProviderKit

/// HighLevel's marketplace app webhooks for opportunities (`webhooks.json`): each event is its
/// own request to the app's webhook URL, stamped and signed `X-GHL-Signature: base64(Ed25519(raw body))`
/// with a key made at start (HighLevel publishes its public key; the emulator serves its own).
public struct HighLevelWebhooks: Sendable {
    struct Settings: Sendable, Decodable { let delivery: WebhookPolicy }

    public let outbox: WebhookOutbox
    public let key: Ed25519WebhookKey
    /// The events each write sends, their members, stamps and signature header.
    let plan: WebhookEventPlan
    /// The contact events (`contact-webhooks.json`).
    let contactPlan: WebhookEventPlan

    init(fixtures: ProviderFixtures) throws {
        plan = try fixtures.decode(WebhookEventPlan.self, "webhooks.json")
        try plan.requireEvents(["create", "update", "delete"], file: "\(fixtures.provider) webhooks.json")
        contactPlan = try fixtures.decode(WebhookEventPlan.self, "contact-webhooks.json")
        try contactPlan.requireEvents(["create", "update", "delete"], file: "\(fixtures.provider) contact-webhooks.json")
        outbox = WebhookOutbox(policy: try fixtures.decode(Settings.self, "webhooks.json").delivery)
        key = try Ed25519WebhookKey()
    }

    func send(_ kind: String, old: [String: Any]?, new: [String: Any]?) { plan.post(kind, old: old, new: new, outbox: outbox, key: key) }

    /// The contact events of a write.
    func sendContact(_ kind: String, old: [String: Any]?, new: [String: Any]?) { contactPlan.post(kind, old: old, new: new, outbox: outbox, key: key) }
}
