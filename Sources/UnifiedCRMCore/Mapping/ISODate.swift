import Foundation

/// Parsing of the date formats providers use.
enum ISODate {
    /// ISO 8601 date-time with or without fractional seconds and with `Z` or an offset; also the
    /// space-separated form `2024-01-31 09:30:00` (read as UTC). Parsed by hand and strictly:
    /// Foundation's parser accepts impossible dates (Feb 29 2023, 24:00) and trailing text.
    static func parse(_ text: String) -> Date? {
        fastParse(Array(text.utf8)).map(Date.init(epochMilliseconds:))
    }

    /// `YYYY-MM-DD` as midnight UTC.
    static func parseDay(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == 45, b[7] == 45,
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2), valid(y, m, d) else { return nil }
        return Date(epochMilliseconds: CivilTime.daysFromCivil(year: y, month: m, day: d) * 86_400_000)
    }

    /// The UTC day of a date as `YYYY-MM-DD`.
    static func day(_ date: Date) -> String { String(date.iso8601Milliseconds.prefix(10)) }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f+](Z|±HH:MM|±HHMM)?` → epoch milliseconds; nil for any other shape.
    static func fastParse(_ b: [UInt8]) -> Int64? {
        guard b.count >= 19, b[4] == 45, b[7] == 45, b[10] == 84 || b[10] == 32, b[13] == 58, b[16] == 58,
              let y = digits(b, 0, 4), let mo = digits(b, 5, 2), let d = digits(b, 8, 2),
              let h = digits(b, 11, 2), let mi = digits(b, 14, 2), let s = digits(b, 17, 2),
              valid(y, mo, d), h < 24, mi < 60, s < 60 else { return nil }
        var i = 19
        var millis: Int64 = 0
        if i < b.count, b[i] == 46 {
            i += 1
            var scale: Int64 = 100
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                millis += Int64(b[i] - 48) * scale
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if i == b.count {
            // No zone: UTC (the space-separated provider form).
        } else if b[i] == 90, i + 1 == b.count {
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign: Int64 = b[i] == 45 ? -1 : 1
            let rest = b.count - i - 1
            guard let oh = digits(b, i + 1, 2) else { return nil }
            let om: Int64?
            if rest == 5, b[i + 3] == 58 { om = digits(b, i + 4, 2) } else if rest == 4 { om = digits(b, i + 3, 2) } else if rest == 2 { om = 0 } else { om = nil }
            guard let om, oh < 24, om < 60 else { return nil }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            return nil
        }
        let days = CivilTime.daysFromCivil(year: y, month: mo, day: d)
        let seconds = days * 86_400 + h * 3600 + mi * 60 + s - offsetMinutes * 60
        return seconds * 1000 + millis
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        guard start + count <= b.count else { return nil }
        var value: Int64 = 0
        for i in start..<start + count {
            guard b[i] >= 48, b[i] <= 57 else { return nil }
            value = value * 10 + Int64(b[i] - 48)
        }
        return value
    }

    private static func valid(_ y: Int64, _ m: Int64, _ d: Int64) -> Bool {
        guard m >= 1, m <= 12, d >= 1 else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths: [Int64] = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= lengths[Int(m - 1)]
    }
}
