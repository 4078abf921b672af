/// A record's status field as data: what a change of status sets on other fields, and the fields
/// a write may set only in some statuses.
///
/// ```json
/// {"field": "status", "initial": "open",
///  "changes": {"won": {"won_time": "{now}", "lost_time": null}, "*": {"won_time": null}},
///  "dependents": [{"field": "won_time", "statuses": ["won"], "copyTo": "close_time",
///                  "message": "won_time: can only be set if deal status is won"}]}
/// ```
///
/// `changes` is keyed by the new status (`*` for any other); `"{now}"` is the write's time.
/// Dependents are applied in order after the status; a non-null one written in another status
/// answers 400 with its `message`; `copyTo` also sets that field unless the write sets it too.
public struct StatusRules: Sendable, Decodable {
    /// A field that may hold a value only in some statuses.
    public struct Dependent: Sendable, Decodable {
        public let field: String
        public let statuses: [String]
        public let copyTo: String?
        public let message: String
    }

    public let field: String
    /// The status of a record that has none.
    public let initial: String
    public let changes: [String: [String: RecordValue]]
    public let dependents: [Dependent]

    /// The fields these rules set from a write: the status and its dependents.
    public var fields: [String] { [field] + dependents.map(\.field) }

    /// Applies the written values of `fields` in `given` to `record` at `now` (in the record's
    /// time unit). Throws a dependent's 400 when the status does not allow it.
    public func apply(_ given: [String: RecordValue], to record: inout ShapedRecord, now: Int64) throws(FakeError) {
        let current = record.string(field)
        let status = given[field]?.string ?? current ?? initial
        if status != current {
            for (name, value) in changes[status] ?? changes["*"] ?? [:] {
                record[name] = value == .string("{now}") ? .int64(now) : value
            }
            record[field] = .string(status)
        }
        for dependent in dependents {
            guard let value = given[dependent.field] else { continue }
            if !value.isNull, !dependent.statuses.contains(status) { throw .badRequest(dependent.message) }
            record[dependent.field] = value
            if let copy = dependent.copyTo, given[copy] == nil, !value.isNull { record[copy] = value }
        }
    }
}
