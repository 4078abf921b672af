import Foundation

/// Millisecond timestamps and the ISO-8601 strings HubSpot uses for them.
///
/// HubSpot answers with `YYYY-MM-DDThh:mm:ss.sssZ` (always UTC, always milliseconds) and accepts
/// ISO-8601 strings, plain `YYYY-MM-DD` dates (midnight UTC) or epoch milliseconds on input
/// (properties guide, "Add values to date and datetime properties"). Formatting is done by hand so
/// it is cheap enough for 100,000 seeded records and needs no shared, non-Sendable formatter.
public enum HubSpotTime {
    /// Milliseconds since 1970 for the current instant.
    public static func nowMillis() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2019-12-07T16:50:06.678Z` for a millisecond timestamp.
    public static func iso(_ millis: Int64) -> String {
        let ms = Int(((millis % 1000) + 1000) % 1000)
        let totalSeconds = (millis - Int64(ms)) / 1000
        var days = totalSeconds / 86_400
        var secondsOfDay = totalSeconds % 86_400
        if secondsOfDay < 0 { secondsOfDay += 86_400; days -= 1 }
        let (y, m, d) = civil(fromDays: days)
        let hh = Int(secondsOfDay / 3600)
        let mm = Int((secondsOfDay % 3600) / 60)
        let ss = Int(secondsOfDay % 60)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2)).\(pad(ms, 3))Z"
    }

    /// Parses what HubSpot accepts for `date`/`datetime` properties: epoch milliseconds,
    /// `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm[:ss[.fff]]` followed by `Z` or `±hh:mm`. Nil when invalid.
    public static func parse(_ raw: String) -> Int64? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int64(text) }
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= chars.count else { return nil }
            var value = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int(c - 48)
            }
            return value
        }
        guard chars.count >= 10, let year = number(0, 4), chars[4] == 45, let month = number(5, 2),
              chars[7] == 45, let day = number(8, 2), (1...12).contains(month),
              (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        let dayMillis = days(fromCivil: year, month, day) * 86_400_000
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
        days(fromCivil: year, month, day) * 86_400_000 + Int64(((hour * 60 + minute) * 60 + second) * 1000 + ms)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's civil-from-days / days-from-civil algorithms.
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }
}
