import Foundation

/// Time helpers. HighLevel writes timestamps as ISO 8601 UTC with milliseconds
/// (`2021-08-03T04:55:17.355Z`) and search cursors as epoch milliseconds (`meta.startAfter`).
public enum HighLevelTime {
    /// Now, in epoch milliseconds.
    public static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `2021-08-03T04:55:17.355Z` for an epoch-milliseconds value (UTC). Hand-rolled: it runs for every record listed.
    public static func iso(_ milliseconds: Int64) -> String {
        let dayMs: Int64 = 86_400_000
        var days = milliseconds / dayMs
        var rest = milliseconds % dayMs
        if rest < 0 { rest += dayMs; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        let hour = rest / 3_600_000
        let minute = (rest / 60_000) % 60
        let second = (rest / 1000) % 60
        let millis = rest % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millis, 3))Z"
    }

    /// Parses `2021-08-03T04:55:17.355Z` (milliseconds optional) into epoch milliseconds.
    public static func parseISO(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int64? {
            guard from + count <= chars.count else { return nil }
            var value: Int64 = 0
            for c in chars[from..<(from + count)] {
                guard c >= 48, c <= 57 else { return nil }
                value = value * 10 + Int64(c - 48)
            }
            return value
        }
        guard chars.count >= 20, let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2) else { return nil }
        var ms: Int64 = 0
        if chars.count >= 24, chars[19] == UInt8(ascii: "."), let frac = number(20, 3) { ms = frac }
        return (days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000 + ms
    }

    /// Parses the search filters `date` / `endDate`, documented as `mm-dd-yyyy`, into the UTC start of that day.
    static func parseMonthDayYear(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, let m = Int64(parts[0]), let d = Int64(parts[1]), let y = Int64(parts[2]),
              (1...12).contains(m), (1...31).contains(d), y > 1900 else { return nil }
        return days(fromCivil: y, m, d) * 86_400_000
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }

    /// Howard Hinnant's `civil_from_days`.
    static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    /// Howard Hinnant's `days_from_civil`.
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
