/// What a record write sets besides the fields it names, as data: a status and the fields that
/// go with it (`StatusRules`) and flags with the time they were set (`FlagTime`).
///
/// ```json
/// {"status": {"field": "status", "initial": "open", "changes": {...}, "dependents": [...]},
///  "flags": [{"flag": "is_archived", "time": "archive_time"}]}
/// ```
public struct WriteRules: Sendable, Decodable {
    public let status: StatusRules?
    public let flags: [FlagTime]

    enum CodingKeys: String, CodingKey { case status, flags }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try c.decodeIfPresent(StatusRules.self, forKey: .status)
        flags = try c.decodeIfPresent([FlagTime].self, forKey: .flags) ?? []
    }

    /// The fields these rules set from a write; the others are stored as given.
    public var fields: [String] { (status?.fields ?? []) + flags.flatMap(\.fields) }

    /// A write's values split into those these rules set and the others.
    public func split(_ values: [String: RecordValue]) -> (ruled: [String: RecordValue], plain: [String: RecordValue]) {
        let names = Set(fields)
        return (values.filter { names.contains($0.key) }, values.filter { !names.contains($0.key) })
    }

    /// Applies the ruled values of a write to `record` at `now`: the status first, then the flags.
    public func apply(_ ruled: [String: RecordValue], to record: inout ShapedRecord, now: Int64) throws(FakeError) {
        try status?.apply(ruled, to: &record, now: now)
        for flag in flags { flag.apply(ruled, to: &record, now: now) }
    }
}
