import Foundation

/// Which webhook events a write sends and what each carries, as data (`webhooks.json`): the event
/// type of each write kind (`create`, `update`, `delete`), the extra event an update sends for each
/// changed member of `field_events` (in member order), and the event members copied from the
/// record (`payload`: event member → record member; null members are left out). When posted
/// (`post`), each event also gets its `stamps` (member → `uuid`, a new lowercase UUID, or a
/// `TimeText` name, the time now) and, with `signature_header`, that header holding the base64
/// Ed25519 signature of its body.
///
/// ```json
/// {"events": {"create": "DealCreate", "update": "DealUpdate", "delete": "DealDelete"},
///  "field_events": {"status": "DealStatusUpdate"}, "payload": {"id": "id", "dateAdded": "createdAt"},
///  "stamps": {"timestamp": "iso8601-milliseconds", "webhookId": "uuid"}, "signature_header": "X-Signature"}
/// ```
public struct WebhookEventPlan: Sendable, Decodable {
    public let events: [String: String]
    /// Record member → the event sent when an update changes it.
    public let fieldEvents: [String: String]
    public let payload: [String: String]
    /// Event member → `uuid` or a `TimeText` name, filled when posted.
    public let stamps: [String: String]
    /// The header carrying the body's Ed25519 signature (base64) when posted.
    public let signatureHeader: String?

    enum CodingKeys: String, CodingKey { case events, payload, stamps, fieldEvents = "field_events", signatureHeader = "signature_header" }

    public init(events: [String: String], fieldEvents: [String: String] = [:], payload: [String: String],
                stamps: [String: String] = [:], signatureHeader: String? = nil) {
        (self.events, self.fieldEvents, self.payload) = (events, fieldEvents, payload)
        (self.stamps, self.signatureHeader) = (stamps, signatureHeader)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(events: try c.decode([String: String].self, forKey: .events),
                  fieldEvents: try c.decodeIfPresent([String: String].self, forKey: .fieldEvents) ?? [:],
                  payload: try c.decode([String: String].self, forKey: .payload),
                  stamps: try c.decodeIfPresent([String: String].self, forKey: .stamps) ?? [:],
                  signatureHeader: try c.decodeIfPresent(String.self, forKey: .signatureHeader))
        if let (member, stamp) = stamps.first(where: { $0.value != "uuid" && TimeText(rawValue: $0.value) == nil }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "stamps.\(member): \(stamp) is neither uuid nor a time text"))
        }
    }

    /// Throws unless `events` names each of `kinds`.
    public func requireEvents(_ kinds: [String], file: String) throws(FixtureError) {
        for kind in kinds where events[kind] == nil { throw FixtureError("\(file): events has no \(kind)") }
    }

    /// The event bodies (each with its `type`) for a write of `kind`: `old` and `new` are the record
    /// before and after as the API writes it (a delete reads `old`, others `new`); none when the
    /// record is missing.
    public func bodies(_ kind: String, old: [String: Any]?, new: [String: Any]?) -> [[String: Any]] {
        guard let record = kind == "delete" ? old : new else { return [] }
        var types = [events[kind] ?? kind]
        if kind == "update", let old {
            let changed = Set(FakeJSON.changedMembers(from: old, to: record))
            types += fieldEvents.keys.sorted().filter(changed.contains).compactMap { fieldEvents[$0] }
        }
        return types.map { type in
            var event: [String: Any] = ["type": type]
            for (member, source) in payload {
                if let value = record[source], !(value is NSNull) { event[member] = value }
            }
            return event
        }
    }

    /// Posts the events of a write (`bodies`) to `outbox`'s target, one request each, stamped and
    /// signed with `key`; nothing when no target is set.
    public func post(_ kind: String, old: [String: Any]?, new: [String: Any]?, outbox: WebhookOutbox, key: Ed25519WebhookKey?) {
        guard let target = outbox.target else { return }
        for var event in bodies(kind, old: old, new: new) {
            for (member, stamp) in stamps {
                event[member] = stamp == "uuid" ? UUID().uuidString.lowercased() : TimeText(rawValue: stamp)?.text(FakeClock.nowMilliseconds())
            }
            var message = WebhookMessage.json(event)
            if let signatureHeader, let key { message.headers.append((signatureHeader, key.signBase64(message.body))) }
            let signed = message
            outbox.post(to: target.url) { _ in signed }
        }
    }
}
