import FakeProviderKit
import Foundation

/// HighLevel's marketplace app webhooks for opportunities (`webhooks.json`): each event is its
/// own request to the app's webhook URL, signed `X-GHL-Signature: base64(Ed25519(raw body))`
/// with a key made at start (HighLevel publishes its public key; the emulator serves its own).
public struct HighLevelWebhooks: Sendable {
    public enum Kind: String, Sendable { case create, update, delete }

    struct Settings: Sendable, Decodable { let delivery: WebhookPolicy }

    public let outbox: WebhookOutbox
    public let key: Ed25519WebhookKey
    /// The events each write sends and their members.
    let plan: WebhookEventPlan

    init(fixtures: ProviderFixtures) throws {
        plan = try fixtures.decode(WebhookEventPlan.self, "webhooks.json")
        try plan.requireEvents([Kind.create, .update, .delete].map(\.rawValue), file: "\(fixtures.provider) webhooks.json")
        outbox = WebhookOutbox(policy: try fixtures.decode(Settings.self, "webhooks.json").delivery)
        key = try Ed25519WebhookKey()
    }

    /// Sends the events of a write: `old` and `new` are the opportunity before and after (as the
    /// API writes it); an update also sends the specific event of each changed `field_events` member.
    func send(_ kind: Kind, old: @autoclosure () -> [String: Any]?, new: @autoclosure () -> [String: Any]?) {
        guard let target = outbox.target else { return }
        for var event in plan.bodies(kind.rawValue, old: old(), new: new()) {
            // `timestamp` and `webhookId` are in every signed body (webhook authentication guide).
            event["timestamp"] = TimeText.iso8601Milliseconds.text(FakeClock.nowMilliseconds())
            event["webhookId"] = UUID().uuidString.lowercased()
            let message = WebhookMessage.json(event)
            let signed = WebhookMessage(headers: message.headers + [("X-GHL-Signature", key.signBase64(message.body))], body: message.body)
            outbox.post(to: target.url) { _ in signed }
        }
    }
}
