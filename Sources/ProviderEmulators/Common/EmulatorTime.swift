import Foundation

/// Calendar arithmetic and fixed-width formatting shared by the emulators' time helpers
/// (`HubSpotTime`, `HighLevelTime`, `PipedriveTime`). Everything is UTC and proleptic Gregorian, done
/// by hand so it is cheap enough for 100,000 seeded records and needs no shared, non-Sendable formatter.
/// What each provider writes and accepts stays in its own helper.
enum EmulatorTime {
    /// UTC calendar fields of an instant.
    struct Fields: Sendable, Equatable {
        var year: Int
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second: Int
        var millisecond: Int = 0
    }

    /// Now, in epoch milliseconds.
    static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// Now, in whole epoch seconds.
    static func nowSeconds() -> Int { Int(Date().timeIntervalSince1970.rounded(.down)) }

    /// The fields of an epoch-milliseconds instant (negative values count back from 1970).
    static func fields(milliseconds: Int64) -> Fields {
        let dayMs: Int64 = 86_400_000
        var days = milliseconds / dayMs
        var rest = milliseconds % dayMs
        if rest < 0 { rest += dayMs; days -= 1 }
        let (year, month, day) = civil(fromDays: Int(days))
        let ms = Int(rest)
        return Fields(year: year, month: month, day: day, hour: ms / 3_600_000, minute: (ms / 60_000) % 60,
                      second: (ms / 1000) % 60, millisecond: ms % 1000)
    }

    /// The fields of an epoch-seconds instant (negative values count back from 1970).
    static func fields(seconds: Int) -> Fields {
        var days = seconds / 86_400
        var rest = seconds % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (year, month, day) = civil(fromDays: days)
        return Fields(year: year, month: month, day: day, hour: rest / 3600, minute: (rest % 3600) / 60, second: rest % 60)
    }

    /// `2021-08-03`
    static func date(_ f: Fields) -> String { "\(pad(f.year, 4))-\(pad(f.month, 2))-\(pad(f.day, 2))" }

    /// `04:55:17`
    static func time(_ f: Fields) -> String { "\(pad(f.hour, 2)):\(pad(f.minute, 2)):\(pad(f.second, 2))" }

    /// `2021-08-03T04:55:17.355Z`: ISO 8601 in UTC, always with milliseconds (HubSpot's and HighLevel's form).
    static func isoMilliseconds(_ milliseconds: Int64) -> String {
        let f = fields(milliseconds: milliseconds)
        return "\(date(f))T\(time(f)).\(pad(f.millisecond, 3))Z"
    }

    /// Days since 1970-01-01 of a calendar date (Howard Hinnant's `days_from_civil`).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The decimal number in `chars[from..<from + count]`; nil when out of range or not all ASCII digits.
    static func digits(_ chars: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from + count <= chars.count else { return nil }
        var value = 0
        for c in chars[from..<(from + count)] {
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
        }
        return value
    }

    /// `value` left-padded with zeros to `width` characters.
    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
