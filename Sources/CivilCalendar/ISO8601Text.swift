/// A date or date-time text in ISO 8601 shape, read strictly (real calendar dates, hour < 24,
/// minute < 60, second ≤ 60, nothing after the zone). What each reader accepts beyond the shape (a
/// missing zone, seconds, lower-case `t`/`z`, offset forms) is its own rule, checked on the fields.
///
/// Shape: `YYYY-MM-DD[(T|t| )HH:MM[:SS[.f+]][Z|z|±HH[[:]MM]]]`.
public struct ISO8601Text: Sendable, Equatable {
    public enum Zone: Sendable, Equatable {
        /// No zone designator.
        case none
        /// `Z` (or `z` when `lowercase`).
        case utc(lowercase: Bool)
        /// `±HH:MM`, `±HHMM` or `±HH`: minutes east of UTC and the written form.
        case offset(minutes: Int, form: OffsetForm)
    }

    public enum OffsetForm: Sendable, Equatable { case colon, compact, hoursOnly }

    public var year: Int, month: Int, day: Int
    /// The byte between date and time (`T`, `t` or a space); nil for a date alone.
    public var separator: UInt8?
    public var hour = 0, minute = 0
    /// Nil when the text has no seconds.
    public var second: Int?
    /// The first three fraction digits as milliseconds (further digits are cut off).
    public var millisecond = 0
    public var fractionDigits = 0
    public var zone = Zone.none

    /// Parses `text`; nil when it is not of the shape or names an impossible date or time.
    public init?(_ text: String) {
        let b = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? { Self.digits(b, from, count) }
        guard b.count >= 10, let y = number(0, 4), b[4] == 45, let mo = number(5, 2), b[7] == 45,
              let d = number(8, 2), CivilDate.isValid(year: y, month: mo, day: d) else { return nil }
        (year, month, day) = (y, mo, d)
        if b.count == 10 { return }
        guard b[10] == 84 || b[10] == 116 || b[10] == 32, b.count >= 16, let h = number(11, 2), b[13] == 58,
              let mi = number(14, 2), h < 24, mi < 60 else { return nil }
        (separator, hour, minute) = (b[10], h, mi)
        var i = 16
        if i < b.count, b[i] == 58 {
            guard let s = number(i + 1, 2), s <= 60 else { return nil }
            second = s
            i += 3
            if i < b.count, b[i] == 46 {
                i += 1
                let start = i
                while i < b.count, b[i] >= 48, b[i] <= 57 {
                    if i - start < 3 { millisecond = millisecond * 10 + Int(b[i] - 48) }
                    i += 1
                }
                fractionDigits = i - start
                guard fractionDigits > 0 else { return nil }
                var scale = fractionDigits
                while scale < 3 { millisecond *= 10; scale += 1 }
            }
        }
        guard i < b.count else { return }
        if b[i] == 90 || b[i] == 122 {
            zone = .utc(lowercase: b[i] == 122)
            i += 1
        } else if b[i] == 43 || b[i] == 45 {
            let sign = b[i] == 45 ? -1 : 1
            let rest = b.count - i - 1
            guard let oh = number(i + 1, 2), oh < 24 else { return nil }
            var om = 0
            let form: OffsetForm
            switch rest {
            case 5 where b[i + 3] == 58: guard let m = number(i + 4, 2) else { return nil }; om = m; form = .colon
            case 4: guard let m = number(i + 3, 2) else { return nil }; om = m; form = .compact
            case 2: form = .hoursOnly
            default: return nil
            }
            guard om < 60 else { return nil }
            zone = .offset(minutes: sign * (oh * 60 + om), form: form)
            i = b.count
        } else {
            return nil
        }
        guard i == b.count else { return nil }
    }

    /// True when the text was a date alone (`YYYY-MM-DD`).
    public var isDateOnly: Bool { separator == nil }

    /// The instant, reading a text without zone as UTC.
    public var epochMilliseconds: Int64 {
        var offset = 0
        if case .offset(let minutes, _) = zone { offset = minutes }
        return CivilDate.epochMilliseconds(year, month, day, hour, minute, second ?? 0, millisecond) - Int64(offset) * 60_000
    }

    /// The decimal number in `bytes[from..<from + count]`; nil when out of range or not all ASCII digits.
    public static func digits(_ bytes: [UInt8], _ from: Int, _ count: Int) -> Int? {
        guard from + count <= bytes.count else { return nil }
        var value = 0
        for c in bytes[from..<(from + count)] {
            guard c >= 48, c <= 57 else { return nil }
            value = value * 10 + Int(c - 48)
        }
        return value
    }
}
