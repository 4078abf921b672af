import Foundation

/// Which webhook events a write sends and what each carries, as data (`webhooks.json`): the event
/// type of each write kind (`create`, `update`, `delete`), the extra event an update sends for each
/// changed member of `field_events` (in member order), and the event members copied from the
/// record (`payload`: event member → record member; null members are left out).
///
/// ```json
/// {"events": {"create": "DealCreate", "update": "DealUpdate", "delete": "DealDelete"},
///  "field_events": {"status": "DealStatusUpdate"}, "payload": {"id": "id", "dateAdded": "createdAt"}}
/// ```
public struct WebhookEventPlan: Sendable, Decodable {
    public let events: [String: String]
    /// Record member → the event sent when an update changes it.
    public let fieldEvents: [String: String]
    public let payload: [String: String]

    enum CodingKeys: String, CodingKey { case events, payload, fieldEvents = "field_events" }

    public init(events: [String: String], fieldEvents: [String: String] = [:], payload: [String: String]) {
        (self.events, self.fieldEvents, self.payload) = (events, fieldEvents, payload)
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
}
