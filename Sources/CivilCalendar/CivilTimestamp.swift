/// The UTC calendar fields of an instant, and the fixed-width texts made from them.
public struct CivilTimestamp: Sendable, Equatable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int

    /// The fields of an epoch-milliseconds instant (negative values count back from 1970).
    public init(epochMilliseconds: Int64) {
        let dayMs: Int64 = 86_400_000
        var days = epochMilliseconds / dayMs
        var rest = epochMilliseconds % dayMs
        if rest < 0 { rest += dayMs; days -= 1 }
        (year, month, day) = CivilDate.date(days: Int(days))
        let ms = Int(rest)
        hour = ms / 3_600_000
        minute = (ms / 60_000) % 60
        second = (ms / 1000) % 60
        millisecond = ms % 1000
    }

    /// The fields of an epoch-seconds instant.
    public init(epochSeconds: Int) { self.init(epochMilliseconds: Int64(epochSeconds) * 1000) }

    /// `2021-08-03`
    public var dateText: String { "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `04:55:17`
    public var timeText: String { "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }

    /// `2021-08-03T04:55:17.355Z`: ISO 8601 in UTC, always with milliseconds.
    public var iso8601Milliseconds: String { "\(dateText)T\(timeText).\(Self.pad(millisecond, 3))Z" }

    /// `2021-08-03T04:55:17Z`: RFC 3339 in UTC, whole seconds.
    public var rfc3339Seconds: String { "\(dateText)T\(timeText)Z" }

    /// `value` left-padded with zeros to `width` characters.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
