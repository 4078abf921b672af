import FakeProviderKit
import Foundation

/// HighLevel's marketplace app webhooks for opportunities (`webhooks.json`): each event is its
/// own request to the app's webhook URL, signed `X-GHL-Signature: base64(Ed25519(raw body))`
/// with a key made at start (HighLevel publishes its public key; the emulator serves its own).
public struct HighLevelWebhooks: Sendable {
    public enum Kind: String, Sendable { case create, update, delete }

    struct Settings: Sendable, Decodable {
        let delivery: WebhookPolicy
        let events: [String: String]
        /// Opportunity member → the specific event sent when an update changes it.
        let fieldEvents: [String: String]
        /// Event member → opportunity member (as the API writes it).
        let payload: [String: String]

        enum CodingKeys: String, CodingKey { case delivery, events, payload, fieldEvents = "field_events" }
    }

    public let outbox: WebhookOutbox
    public let key: Ed25519WebhookKey
    let settings: Settings

    init(fixtures: ProviderFixtures) throws {
        settings = try fixtures.decode(Settings.self, "webhooks.json")
        for kind in [Kind.create, .update, .delete] where settings.events[kind.rawValue] == nil {
            throw FixtureError("\(fixtures.provider) webhooks.json: events has no \(kind.rawValue)")
        }
        outbox = WebhookOutbox(policy: settings.delivery)
        key = try Ed25519WebhookKey()
    }

    /// Sends the events of a write: `old` and `new` are the opportunity before and after (as the
    /// API writes it); an update also sends the specific event of each changed `field_events` member.
    func send(_ kind: Kind, old: @autoclosure () -> [String: Any]?, new: @autoclosure () -> [String: Any]?) {
        guard let target = outbox.target else { return }
        let old = old(), new = new()
        guard let record = kind == .delete ? old : new else { return }
        var types = [settings.events[kind.rawValue] ?? kind.rawValue]
        if kind == .update, let old {
            let changed = Set(FakeJSON.changedMembers(from: old, to: record))
            types += settings.fieldEvents.keys.sorted().filter(changed.contains).compactMap { settings.fieldEvents[$0] }
        }
        for type in types {
            var event: [String: Any] = ["type": type]
            for (member, source) in settings.payload {
                if let value = record[source], !(value is NSNull) { event[member] = value }
            }
            // `timestamp` and `webhookId` are in every signed body (webhook authentication guide).
            event["timestamp"] = TimeText.iso8601Milliseconds.text(FakeClock.nowMilliseconds())
            event["webhookId"] = UUID().uuidString.lowercased()
            let message = WebhookMessage.json(event)
            let signed = WebhookMessage(headers: message.headers + [("X-GHL-Signature", key.signBase64(message.body))], body: message.body)
            outbox.post(to: target.url) { _ in signed }
        }
    }
}
