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
    public var dateText: String { text(date: true, time: false, milliseconds: false) ?? "\(Self.pad(year, 4))-\(Self.pad(month, 2))-\(Self.pad(day, 2))" }

    /// `04:55:17`
    public var timeText: String { text(date: false, time: true, milliseconds: false) ?? "\(Self.pad(hour, 2)):\(Self.pad(minute, 2)):\(Self.pad(second, 2))" }

    /// `2021-08-03T04:55:17.355Z`: ISO 8601 in UTC, always with milliseconds.
    public var iso8601Milliseconds: String {
        text(date: true, time: true, milliseconds: true) ?? "\(dateText)T\(timeText).\(Self.pad(millisecond, 3))Z"
    }

    /// `2021-08-03T04:55:17Z`: RFC 3339 in UTC, whole seconds.
    public var rfc3339Seconds: String { text(date: true, time: true, milliseconds: false) ?? "\(dateText)T\(timeText)Z" }

    /// `value` left-padded with zeros to `width` characters.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// The date, time or both (`T` between, `Z` after a time) written digit by digit into one
    /// string (these texts are written for every timestamp of every record mapped); nil for a year
    /// outside 0...9999 or a field out of range, which the padding path writes.
    private func text(date: Bool, time: Bool, milliseconds: Bool) -> String? {
        guard (0...9999).contains(year), (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second), (0...999).contains(millisecond) else { return nil }
        let count = (date ? 10 : 0) + (time ? 8 : 0) + (date && time ? 2 : 0) + (milliseconds ? 4 : 0)
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            func put(_ value: Int, _ width: Int) {
                var rest = value, position = index + width - 1
                while position >= index { buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10); rest /= 10; position -= 1 }
                index += width
            }
            func put(_ byte: Character) { buffer[index] = byte.asciiValue!; index += 1 }
            if date { put(year, 4); put("-"); put(month, 2); put("-"); put(day, 2) }
            if date && time { put("T") }
            if time { put(hour, 2); put(":"); put(minute, 2); put(":"); put(second, 2) }
            if milliseconds { put("."); put(millisecond, 3) }
            if date && time { put("Z") }
            return index
        }
    }
}
