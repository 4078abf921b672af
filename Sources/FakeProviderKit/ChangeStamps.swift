/// Time stamps a write sets when some members change (HighLevel's `lastStatusChangeAt` when
/// `status` does), as data: each rule's field takes the write's time when any of its `when`
/// members differs between the record before and after.
///
/// ```json
/// [{"field": "lastStatusChangeAt", "when": ["status"]}, {"field": "lastStageChangeAt", "when": ["pipelineId", "pipelineStageId"]}]
/// ```
public struct ChangeStamps: Sendable, Decodable, Equatable {
    public struct Rule: Sendable, Decodable, Equatable {
        public let field: String
        public let when: [String]

        public init(field: String, when: [String]) { (self.field, self.when) = (field, when) }
    }

    public let rules: [Rule]

    public init(_ rules: [Rule]) { self.rules = rules }

    public init(from decoder: any Decoder) throws { rules = try decoder.singleValueContainer().decode([Rule].self) }

    /// Stamps `record` (the record after a write) with `now` where a rule's members differ from `old`.
    public func stamp(_ record: inout ShapedRecord, from old: ShapedRecord, now: Int64) {
        for rule in rules where rule.when.contains(where: { record[$0] != old[$0] }) { record[rule.field] = .int64(now) }
    }
}
