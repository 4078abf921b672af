/// Time helpers. HighLevel writes timestamps as ISO 8601 UTC with milliseconds
/// (`2021-08-03T04:55:17.355Z`) and search cursors as epoch milliseconds (`meta.startAfter`).
public enum HighLevelTime {
    /// Now, in epoch milliseconds.
    public static func nowMilliseconds() -> Int64 { EmulatorTime.nowMilliseconds() }

    /// `2021-08-03T04:55:17.355Z` for an epoch-milliseconds value (UTC). Hand-rolled: it runs for every record listed.
    public static func iso(_ milliseconds: Int64) -> String { EmulatorTime.isoMilliseconds(milliseconds) }

    /// Parses `2021-08-03T04:55:17.355Z` (milliseconds optional) into epoch milliseconds.
    /// Lenient like the original: separators are not checked and fields are not range-checked.
    public static func parseISO(_ text: String) -> Int64? {
        let chars = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? { EmulatorTime.digits(chars, from, count) }
        guard chars.count >= 20, let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2),
              let h = number(11, 2), let mi = number(14, 2), let s = number(17, 2) else { return nil }
        var ms = 0
        if chars.count >= 24, chars[19] == UInt8(ascii: "."), let frac = number(20, 3) { ms = frac }
        return Int64((EmulatorTime.days(fromCivil: y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000 + ms)
    }

    /// Parses the search filters `date` / `endDate`, documented as `mm-dd-yyyy`, into the UTC start of that day.
    static func parseMonthDayYear(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), y > 1900 else { return nil }
        return Int64(EmulatorTime.days(fromCivil: y, m, d) * 86_400_000)
    }
}
