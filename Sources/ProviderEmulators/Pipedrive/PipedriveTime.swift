import Foundation

/// Time helpers for the Pipedrive emulator.
///
/// API v2 writes every timestamp as RFC 3339 in UTC (`2024-01-01T10:00:00Z`); dates without a time
/// (`expected_close_date`, date custom fields) are `YYYY-MM-DD`. API v1 (dealFields) writes
/// `YYYY-MM-DD HH:MM:SS`. Times are kept as whole seconds since 1970 so formatting needs no
/// formatter objects (fast enough for 100,000 seeded deals).
enum PipedriveTime {
    /// Seconds since 1970 for the current instant, whole seconds.
    static func now() -> Int { Int(Date().timeIntervalSince1970.rounded(.down)) }

    /// `2024-01-01T10:00:00Z`
    static func rfc3339(_ epoch: Int) -> String {
        let (y, m, d, hh, mm, ss) = civil(epoch)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))Z"
    }

    /// `2024-01-01 10:00:00` (API v1 style).
    static func v1DateTime(_ epoch: Int) -> String {
        let (y, m, d, hh, mm, ss) = civil(epoch)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2)) \(pad(hh, 2)):\(pad(mm, 2)):\(pad(ss, 2))"
    }

    /// `2024-01-01`
    static func date(_ epoch: Int) -> String {
        let (y, m, d, _, _, _) = civil(epoch)
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Parses RFC 3339 (`2025-01-01T10:20:00Z`, optional fraction, `Z` or `±HH:MM` offset).
    static func parseRFC3339(_ text: String) -> Int? {
        let c = Array(text.utf8)
        guard c.count >= 20 else { return nil }
        guard let y = number(c, 0, 4), c[4] == UInt8(ascii: "-"),
              let mo = number(c, 5, 2), c[7] == UInt8(ascii: "-"),
              let d = number(c, 8, 2), c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"),
              let h = number(c, 11, 2), c[13] == UInt8(ascii: ":"),
              let mi = number(c, 14, 2), c[16] == UInt8(ascii: ":"),
              let s = number(c, 17, 2)
        else { return nil }
        guard (1...12).contains(mo), (1...daysIn(month: mo, year: y)).contains(d),
              (0...23).contains(h), (0...59).contains(mi), (0...60).contains(s) else { return nil }
        var i = 19
        if i < c.count, c[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < c.count, c[i] >= 48, c[i] <= 57 { i += 1 }
            if i == start { return nil }
        }
        guard i < c.count else { return nil }
        var offset = 0
        if c[i] == UInt8(ascii: "Z") || c[i] == UInt8(ascii: "z") {
            i += 1
        } else if c[i] == UInt8(ascii: "+") || c[i] == UInt8(ascii: "-") {
            guard c.count - i == 6, let oh = number(c, i + 1, 2), c[i + 3] == UInt8(ascii: ":"),
                  let om = number(c, i + 4, 2), oh <= 23, om <= 59 else { return nil }
            offset = (oh * 3600 + om * 60) * (c[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == c.count else { return nil }
        return days(year: y, month: mo, day: d) * 86_400 + h * 3600 + mi * 60 + s - offset
    }

    /// Parses a strict `YYYY-MM-DD` calendar date; returns midnight UTC.
    static func parseDate(_ text: String) -> Int? {
        let c = Array(text.utf8)
        guard c.count == 10, let y = number(c, 0, 4), c[4] == UInt8(ascii: "-"),
              let m = number(c, 5, 2), c[7] == UInt8(ascii: "-"), let d = number(c, 8, 2),
              (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d)
        else { return nil }
        return days(year: y, month: m, day: d) * 86_400
    }

    /// Epoch seconds for a UTC calendar date and time.
    static func epoch(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int {
        days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
    }

    // MARK: - Civil calendar arithmetic (proleptic Gregorian, H. Hinnant's algorithms)

    private static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    private static func civil(_ epoch: Int) -> (Int, Int, Int, Int, Int, Int) {
        var z = epoch >= 0 ? epoch / 86_400 : (epoch - 86_399) / 86_400
        let secs = epoch - z * 86_400
        z += 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (y, m, d, secs / 3600, (secs % 3600) / 60, secs % 60)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func number(_ c: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= c.count else { return nil }
        var value = 0
        for i in start..<(start + length) {
            let ch = c[i]
            guard ch >= 48, ch <= 57 else { return nil }
            value = value * 10 + Int(ch - 48)
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let s = String(value)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
