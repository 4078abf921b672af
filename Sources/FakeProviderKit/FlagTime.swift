/// A boolean field and the time it was last set true (`is_archived` and `archive_time`), as data:
/// `{"flag": "is_archived", "time": "archive_time"}`.
///
/// Setting the flag true keeps the time written with it, else the time already stored, else the
/// write's time; setting it false clears the time. A time written without the flag is stored as is.
public struct FlagTime: Sendable, Decodable, Equatable {
    public let flag: String
    public let time: String

    public init(flag: String, time: String) {
        self.flag = flag
        self.time = time
    }

    /// The fields this rule sets from a write.
    public var fields: [String] { [flag, time] }

    /// Applies the written values of `fields` in `given` to `record` at `now`.
    public func apply(_ given: [String: RecordValue], to record: inout ShapedRecord, now: Int64) {
        let written = given[time]
        if let on = given[flag]?.bool {
            record[flag] = .bool(on)
            let kept = written.flatMap { $0.isNull ? nil : $0 } ?? (record[time].isNull ? .int64(now) : record[time])
            record[time] = on ? kept : .null
        } else if let written {
            record[time] = written
        }
    }
}
