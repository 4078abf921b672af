/// How a provider stores one kind of record, as its shape declares it (`records.json`, `collection`):
///
/// ```json
/// "collection": {"id": "id", "orders": ["id", "update_time"], "deleted": {"is_deleted": true},
///                "create": [{"field": "add_time", "stamp": "now"}],
///                "update": [{"field": "update_time", "stamp": "now"}],
///                "delete": [{"field": "update_time", "stamp": "now"}]}
/// ```
///
/// Without `deleted`, a delete removes the record.
public struct CollectionRules: Sendable, Decodable {
    /// What a write sets on a field.
    public struct Stamp: Sendable, Decodable {
        public enum Rule: String, Sendable, Decodable {
            /// The write's time, never earlier than the value already there.
            case now
            /// The value plus one (0 when there is none).
            case increment
        }
        public let field: String
        public let stamp: Rule
    }

    /// The id field.
    public let id: String
    /// Fields pages walk in order (integer keys: ids, times), ties broken by id.
    public let orders: [String]
    /// The fields a (soft) delete sets; a record holding all of them is deleted.
    public let deleted: [String: RecordValue]?
    /// What a create sets (`stampCreated`), an update and a delete.
    public let create: [Stamp]
    public let update: [Stamp]
    public let delete: [Stamp]

    enum CodingKeys: String, CodingKey { case id, orders, deleted, create, update, delete }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        orders = try c.decodeIfPresent([String].self, forKey: .orders) ?? []
        deleted = try c.decodeIfPresent([String: RecordValue].self, forKey: .deleted)
        create = try c.decodeIfPresent([Stamp].self, forKey: .create) ?? []
        update = try c.decodeIfPresent([Stamp].self, forKey: .update) ?? []
        delete = try c.decodeIfPresent([Stamp].self, forKey: .delete) ?? []
    }

    public func isDeleted(_ record: ShapedRecord) -> Bool {
        guard let deleted else { return false }
        return deleted.allSatisfy { record[$0.key] == $0.value }
    }

    /// Sets the `create` stamps on a record being created at `now`.
    public func stampCreated(_ record: inout ShapedRecord, now: Int64) { stamp(&record, create, now: now) }

    func stamp(_ record: inout ShapedRecord, _ stamps: [Stamp], now: Int64) {
        for stamp in stamps {
            switch stamp.stamp {
            case .now: record[stamp.field] = .int64(max(now, record.int64(stamp.field) ?? 0))
            case .increment: record[stamp.field] = .int((record.int(stamp.field) ?? 0) + 1)
            }
        }
    }
}
