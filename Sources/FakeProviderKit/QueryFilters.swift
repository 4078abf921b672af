/// The filters a list endpoint reads from its query, as data, in the order they are checked:
/// each parameter, its kind and the record field it tests.
///
/// ```json
/// [{"param": "owner_id", "field": "owner_id", "kind": "id"},
///  {"param": "filter_id", "kind": "id"},
///  {"param": "ids", "field": "id", "kind": "ids", "max": 100},
///  {"param": "updated_since", "field": "update_time", "kind": "since",
///   "time": {"unit": "seconds", "written": "rfc3339-seconds", "accepted": ["rfc3339-seconds"]}}]
/// ```
///
/// Kinds: `status` (a comma list of `allowed` values the field holds one of; with `deleted`, a
/// record whose `deleted.field` is true is listed only when the list holds `deleted.value`, and
/// others only by their status), `id` (a positive integer the field equals), `ids` (a comma list of them, at most `max`,
/// the field one of them), `since` and `until` (a time in `time`'s accepted forms; the field, 0
/// when unset, is at or after it, or before it). A filter without a field is checked and ignored.
public struct QueryFilters: Sendable, Decodable {
    public struct Filter: Sendable, Decodable {
        public enum Kind: String, Sendable, Decodable { case status, id, ids, since, until }
        /// The flag of soft-deleted records and the status value that lists them.
        public struct Deleted: Sendable, Decodable {
            public let field: String
            public let value: String
        }
        public let param: String
        public let field: String?
        public let kind: Kind
        public let max: Int?
        public let time: TimeFormat?
        public let allowed: [String]?
        public let deleted: Deleted?
    }

    public let filters: [Filter]

    public init(from decoder: any Decoder) throws {
        filters = try [Filter](from: decoder)
        if let filter = filters.first(where: { [.since, .until].contains($0.kind) && $0.time == nil }) {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(filter.param): a time filter needs \"time\""))
        }
    }

    /// The test of a record the query's filters make; throws the query's failure for a bad value.
    public func read<F: Error>(_ params: QueryReader<F>) throws(F) -> @Sendable (ShapedRecord) -> Bool {
        var tests: [@Sendable (ShapedRecord) -> Bool] = []
        for filter in filters {
            let field = filter.field ?? ""
            var test: (@Sendable (ShapedRecord) -> Bool)?
            switch filter.kind {
            case .status:
                let wanted = Set(try params.list(filter.param, allowed: filter.allowed))
                let deleted = filter.deleted
                if deleted != nil || !wanted.isEmpty {
                    test = { record in
                        if let deleted, record.bool(deleted.field) == true { return wanted.contains(deleted.value) }
                        return wanted.isEmpty || wanted.contains(record.string(field) ?? "")
                    }
                }
            case .id:
                if let wanted = try params.int(filter.param, in: 1...Int.max) {
                    test = { record in record.int(field) == wanted }
                }
            case .ids:
                let ids = Set(try params.intList(filter.param, in: 1...Int.max, max: filter.max ?? .max))
                if !ids.isEmpty { test = { record in ids.contains(record.int(field) ?? 0) } }
            case .since, .until:
                let time = filter.time
                if let bound = try params.value(filter.param, { (text: String) -> Int64? in time?.read(text)?.int64 }) {
                    let since = filter.kind == .since
                    test = { record in
                        let value = record.int64(field) ?? 0
                        return since ? value >= bound : value < bound
                    }
                }
            }
            if let test, filter.field != nil { tests.append(test) }
        }
        let all = tests
        return { record in all.allSatisfy { $0(record) } }
    }
}
