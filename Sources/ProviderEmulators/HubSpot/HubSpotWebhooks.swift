import FakeProviderKit
import Foundation
import Synchronization

/// HubSpot's app webhooks for deals (`webhooks.json`): after a write through the API, the events
/// go to the app's target URL as one JSON array (up to `max_events_per_request` per request),
/// signed with the app's client secret (`X-HubSpot-Signature-v3`, and the v1 signature HubSpot
/// still sends for CRM object events).
public final class HubSpotWebhooks: Sendable {
    public enum Kind: String, Sendable { case creation, propertyChange, deletion }

    struct Settings: Sendable, Decodable {
        let delivery: WebhookPolicy
        let appId: Int
        let changeSource: String
        let maxEventsPerRequest: Int
        let events: [String: JSONFixture]

        enum CodingKeys: String, CodingKey {
            case delivery, events, appId = "app_id", changeSource = "change_source", maxEventsPerRequest = "max_events_per_request"
        }
    }

    public let outbox: WebhookOutbox
    let settings: Settings
    let portalID: Int
    /// The OAuth app's secret (`oauth.json`), used when the target names none.
    let defaultSecret: String
    private let nextEventID = Atomic<Int64>(1_000_000_001)

    init(fixtures: ProviderFixtures, portalID: Int) throws {
        settings = try fixtures.decode(Settings.self, "webhooks.json")
        for kind in [Kind.creation, .propertyChange, .deletion] where !(settings.events[kind.rawValue]?.value is [String: Any]) {
            throw FixtureError("\(fixtures.provider) webhooks.json: events has no \(kind.rawValue) object")
        }
        outbox = WebhookOutbox(policy: settings.delivery)
        self.portalID = portalID
        defaultSecret = try FakeOAuthConfiguration.load(fixtures)?.client.clientSecret ?? ""
    }

    /// Sends the `kind` events of deal `objectID` (one per `(propertyName, propertyValue)` for a
    /// property change) to the configured target; nothing when none is set.
    func send(_ kind: Kind, objectID: Int64, occurredAt: Int64, properties: [(String, String)] = []) {
        guard let target = outbox.target, kind != .propertyChange || !properties.isEmpty else { return }
        let template = settings.events[kind.rawValue]?.value as? [String: Any] ?? [:]
        let appID = target.settings["app_id"].flatMap(Int.init) ?? settings.appId
        let changes: [(String, String)?] = kind == .propertyChange ? properties.map { $0 } : [nil]
        let events: [[String: Any]] = changes.map { change in
            var event = template
            event["eventId"] = nextEventID.add(1, ordering: .relaxed).oldValue
            event["portalId"] = portalID
            event["appId"] = appID
            event["occurredAt"] = occurredAt
            event["objectId"] = objectID
            event["changeSource"] = settings.changeSource
            if let (name, value) = change { event["propertyName"] = name; event["propertyValue"] = value }
            return event
        }
        let secret = target.settings["client_secret"] ?? defaultSecret
        for start in stride(from: 0, to: events.count, by: max(1, settings.maxEventsPerRequest)) {
            nonisolated(unsafe) let batch = Array(events[start..<min(events.count, start + max(1, settings.maxEventsPerRequest))])
            outbox.post(to: target.url) { attempt in
                Self.message(batch.map { $0.merging(["attemptNumber": attempt]) { $1 } }, url: target.url, secret: secret)
            }
        }
    }

    /// The request: v3 = base64(HMAC-SHA256(secret, "POST" + url + body + timestamp)), the
    /// timestamp in epoch milliseconds; v1 = hex(SHA-256(secret + body)).
    static func message(_ events: [[String: Any]], url: String, secret: String) -> WebhookMessage {
        var message = WebhookMessage.json(events)
        let timestamp = String(FakeClock.nowMilliseconds())
        let signed = Data("POST\(url)".utf8) + message.body + Data(timestamp.utf8)
        message.headers += [
            ("X-HubSpot-Signature-Version", "v1"),
            ("X-HubSpot-Signature", WebhookSigning.sha256Hex(Data(secret.utf8) + message.body)),
            ("X-HubSpot-Signature-v3", WebhookSigning.hmacSHA256Base64(key: secret, signed)),
            ("X-HubSpot-Request-Timestamp", timestamp),
        ]
        return message
    }
}
