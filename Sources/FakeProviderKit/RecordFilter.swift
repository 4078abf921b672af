/// Which records a list or search answers, as plain conditions on a record's members: each
/// `equals` member holds exactly that text, each range member's integer lies in `[from, to)`, and
/// nothing matches when `matchesNothing` is set (a filter on links the emulator does not keep).
/// `FilterParameters` builds the equality part from query parameters.
public struct RecordFilter: Sendable, Equatable {
    /// A half-open range on an integer member (times, amounts); a missing value reads as 0.
    public struct Range: Sendable, Equatable {
        public var member: String
        public var from: Int64?
        public var to: Int64?

        public init(member: String, from: Int64? = nil, to: Int64? = nil) {
            (self.member, self.from, self.to) = (member, from, to)
        }
    }

    /// Member → the text it must hold.
    public var equals: [String: String]
    public var ranges: [Range]
    public var matchesNothing: Bool

    public init(equals: [String: String] = [:], ranges: [Range] = [], matchesNothing: Bool = false) {
        self.equals = equals
        self.ranges = ranges.filter { $0.from != nil || $0.to != nil }
        self.matchesNothing = matchesNothing
    }

    /// True when the filter lets every record through.
    public var isEmpty: Bool { equals.isEmpty && ranges.isEmpty && !matchesNothing }

    /// Identifies the conditions (as a cache key for counts of matching records).
    public var signature: String {
        let parts = equals.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ranges.map { "\($0.member):\($0.from.map(String.init) ?? ""):\($0.to.map(String.init) ?? "")" }
        return (matchesNothing ? ["nothing"] : []).joined() + parts.joined(separator: "\u{0}")
    }

    public func matches(_ record: ShapedRecord) -> Bool {
        if matchesNothing { return false }
        for (member, wanted) in equals where record.string(member) != wanted { return false }
        for range in ranges {
            let value = record.int64(range.member) ?? 0
            if let from = range.from, value < from { return false }
            if let to = range.to, value >= to { return false }
        }
        return true
    }
}
