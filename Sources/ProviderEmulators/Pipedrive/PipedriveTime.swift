import Foundation

/// Time helpers for the Pipedrive emulator.
///
/// API v2 writes every timestamp as RFC 3339 in UTC (`2024-01-01T10:00:00Z`); dates without a time
/// (`expected_close_date`, date custom fields) are `YYYY-MM-DD`. API v1 (dealFields) writes
/// `YYYY-MM-DD HH:MM:SS`. Times are kept as whole seconds since 1970; the calendar arithmetic is
/// shared with the other emulators (`EmulatorTime`), so formatting needs no formatter objects.
enum PipedriveTime {
    /// Seconds since 1970 for the current instant, whole seconds.
    static func now() -> Int { EmulatorTime.nowSeconds() }

    /// `2024-01-01T10:00:00Z`
    static func rfc3339(_ epoch: Int) -> String {
        let f = EmulatorTime.fields(seconds: epoch)
        return "\(EmulatorTime.date(f))T\(EmulatorTime.time(f))Z"
    }

    /// `2024-01-01 10:00:00` (API v1 style).
    static func v1DateTime(_ epoch: Int) -> String {
        let f = EmulatorTime.fields(seconds: epoch)
        return "\(EmulatorTime.date(f)) \(EmulatorTime.time(f))"
    }

    /// `2024-01-01`
    static func date(_ epoch: Int) -> String { EmulatorTime.date(EmulatorTime.fields(seconds: epoch)) }

    /// Parses RFC 3339 (`2025-01-01T10:20:00Z`, optional fraction, `Z` or `±HH:MM` offset).
    static func parseRFC3339(_ text: String) -> Int? {
        let c = Array(text.utf8)
        guard c.count >= 20 else { return nil }
        guard let y = EmulatorTime.digits(c, 0, 4), c[4] == UInt8(ascii: "-"),
              let mo = EmulatorTime.digits(c, 5, 2), c[7] == UInt8(ascii: "-"),
              let d = EmulatorTime.digits(c, 8, 2), c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"),
              let h = EmulatorTime.digits(c, 11, 2), c[13] == UInt8(ascii: ":"),
              let mi = EmulatorTime.digits(c, 14, 2), c[16] == UInt8(ascii: ":"),
              let s = EmulatorTime.digits(c, 17, 2)
        else { return nil }
        guard (1...12).contains(mo), (1...EmulatorTime.daysIn(month: mo, year: y)).contains(d),
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
            guard c.count - i == 6, let oh = EmulatorTime.digits(c, i + 1, 2), c[i + 3] == UInt8(ascii: ":"),
                  let om = EmulatorTime.digits(c, i + 4, 2), oh <= 23, om <= 59 else { return nil }
            offset = (oh * 3600 + om * 60) * (c[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == c.count else { return nil }
        return EmulatorTime.days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset
    }

    /// Parses a strict `YYYY-MM-DD` calendar date; returns midnight UTC.
    static func parseDate(_ text: String) -> Int? {
        let c = Array(text.utf8)
        guard c.count == 10, let y = EmulatorTime.digits(c, 0, 4), c[4] == UInt8(ascii: "-"),
              let m = EmulatorTime.digits(c, 5, 2), c[7] == UInt8(ascii: "-"), let d = EmulatorTime.digits(c, 8, 2),
              (1...12).contains(m), (1...EmulatorTime.daysIn(month: m, year: y)).contains(d)
        else { return nil }
        return EmulatorTime.days(fromCivil: y, m, d) * 86_400
    }

    /// Epoch seconds for a UTC calendar date and time.
    static func epoch(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int {
        EmulatorTime.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
    }
}
