import Foundation

/// Millisecond timestamps and the ISO-8601 strings HubSpot uses for them.
///
/// HubSpot answers with `YYYY-MM-DDThh:mm:ss.sssZ` (always UTC, always milliseconds) and accepts
/// ISO-8601 strings, plain `YYYY-MM-DD` dates (midnight UTC) or epoch milliseconds on input
/// (properties guide, "Add values to date and datetime properties"). Calendar arithmetic and
/// formatting are shared with the other emulators (`EmulatorTime`).
public enum HubSpotTime {
    /// Milliseconds since 1970 for the current instant.
    public static func nowMillis() -> Int64 { EmulatorTime.nowMilliseconds() }

    /// `2019-12-07T16:50:06.678Z` for a millisecond timestamp.
    public static func iso(_ millis: Int64) -> String { EmulatorTime.isoMilliseconds(millis) }

    /// Parses what HubSpot accepts for `date`/`datetime` properties: epoch milliseconds,
    /// `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm[:ss[.fff]]` followed by `Z` or `±hh:mm`. Nil when invalid.
    public static func parse(_ raw: String) -> Int64? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int64(text) }
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? { EmulatorTime.digits(chars, from, count) }
        guard chars.count >= 10, let year = number(0, 4), chars[4] == 45, let month = number(5, 2),
              chars[7] == 45, let day = number(8, 2), (1...12).contains(month),
              (1...EmulatorTime.daysIn(month: month, year: year)).contains(day) else { return nil }
        let dayMillis = Int64(EmulatorTime.days(fromCivil: year, month, day)) * 86_400_000
        if chars.count == 10 { return dayMillis }
        guard chars[10] == 84 || chars[10] == 116, let hour = number(11, 2), chars.count > 13, chars[13] == 58,
              let minute = number(14, 2), hour < 24, minute < 60 else { return nil }
        var index = 16
        var second = 0
        var fraction = 0
        if index < chars.count, chars[index] == 58 {
            guard let s = number(index + 1, 2), s < 60 else { return nil }
            second = s
            index += 3
            if index < chars.count, chars[index] == 46 {
                index += 1
                var digits = 0
                while index < chars.count, chars[index] >= 48, chars[index] <= 57 {
                    if digits < 3 { fraction = fraction * 10 + Int(chars[index] - 48) }
                    digits += 1
                    index += 1
                }
                guard digits > 0 else { return nil }
                var scale = digits
                while scale < 3 { fraction *= 10; scale += 1 }
            }
        }
        var offsetMinutes = 0
        guard index < chars.count else { return nil }
        if chars[index] == 90 || chars[index] == 122 {
            index += 1
        } else if chars[index] == 43 || chars[index] == 45 {
            let sign = chars[index] == 45 ? -1 : 1
            guard let oh = number(index + 1, 2) else { return nil }
            var om = 0
            if index + 3 < chars.count, chars[index + 3] == 58 {
                guard let m = number(index + 4, 2) else { return nil }
                om = m
                index += 6
            } else if let m = number(index + 3, 2) {
                om = m
                index += 5
            } else {
                index += 3
            }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        guard index == chars.count else { return nil }
        let timeMillis = Int64(((hour * 60 + minute) * 60 + second) * 1000 + fraction)
        return dayMillis + timeMillis - Int64(offsetMinutes) * 60_000
    }

    /// Epoch milliseconds of midnight UTC for a calendar date.
    static func millis(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, ms: Int = 0) -> Int64 {
        Int64(EmulatorTime.days(fromCivil: year, month, day)) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + ms)
    }
}
