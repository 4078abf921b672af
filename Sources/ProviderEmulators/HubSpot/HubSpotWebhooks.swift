import FakeProviderKit
import Foundation
import Synchronization

/// HubSpot's app webhooks for deals (`webhooks.json`): after a write through the API, the events (templates filled
/// per event) go to the app's target URL in JSON arrays of up to `max_events_per_request`, signed as `signature_headers` says.
public final class HubSpotWebhooks: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case creation, propertyChange, deletion }

    struct Settings: Sendable, Decodable {
        let delivery: WebhookPolicy, appId: Int, changeSource: String, maxEventsPerRequest: Int
        let events: [String: JSONFixture], signatureHeaders: WebhookSignatureHeaders

        enum CodingKeys: String, CodingKey {
            case delivery, events, appId = "app_id", changeSource = "change_source", maxEventsPerRequest = "max_events_per_request"
            case signatureHeaders = "signature_headers"
        }
    }

    public let outbox: WebhookOutbox
    let settings: Settings, portalID: Int
    /// The OAuth app's secret (`oauth.json`), used when the target names none.
    let defaultSecret: String
    private let nextEventID = Atomic<Int64>(1_000_000_001)

    init(fixtures: ProviderFixtures, portalID: Int) throws {
        settings = try fixtures.decode(Settings.self, "webhooks.json")
        for kind in Kind.allCases where !(settings.events[kind.rawValue]?.value is [String: Any]) {
            throw FixtureError("\(fixtures.provider) webhooks.json: events has no \(kind.rawValue) object")
        }
        (outbox, self.portalID) = (WebhookOutbox(policy: settings.delivery), portalID)
        defaultSecret = try FakeOAuthConfiguration.load(fixtures)?.client.clientSecret ?? ""
    }

    /// Sends the `kind` events of deal `objectID` (one per `(propertyName, propertyValue)` for a property change)
    /// to the configured target; nothing when none is set.
    func send(_ kind: Kind, objectID: Int64, occurredAt: Int64, properties: [(String, String)] = []) {
        guard let target = outbox.target, kind != .propertyChange || !properties.isEmpty else { return }
        nonisolated(unsafe) let template = settings.events[kind.rawValue]?.value ?? [:]
        let shared: [String: Any] = ["portalId": portalID, "appId": target.settings["app_id"].flatMap(Int.init) ?? settings.appId,
                                     "occurredAt": occurredAt, "objectId": objectID, "changeSource": settings.changeSource]
        let changes = kind == .propertyChange ? properties.map { ["propertyName": $0.0, "propertyValue": $0.1] } : [[:]]
        nonisolated(unsafe) let events = changes.map { change in
            shared.merging(change) { $1 }.merging(["eventId": nextEventID.add(1, ordering: .relaxed).oldValue]) { $1 }
        }
        let (secret, size, signature) = (target.settings["client_secret"] ?? defaultSecret, max(1, settings.maxEventsPerRequest),
                                         settings.signatureHeaders)
        for start in stride(from: 0, to: events.count, by: size) {
            let batch = start..<min(events.count, start + size)
            outbox.post(to: target.url) { attempt in
                var message = WebhookMessage.json(events[batch].map { JSONTemplate.fill(template, $0.merging(["attemptNumber": attempt]) { $1 }) })
                signature.sign(&message, url: target.url, secret: secret)
                return message
            }
        }
    }
}
