import CivilCalendar
import Foundation

/// HighLevel writes timestamps as ISO 8601 UTC with milliseconds (`2021-08-03T04:55:17.355Z`) and
/// search cursors as epoch milliseconds (`meta.startAfter`).
public enum HighLevelTime {

    public static func iso(_ milliseconds: Int64) -> String { CivilTimestamp(epochMilliseconds: milliseconds).iso8601Milliseconds }

    /// `2021-08-03T04:55:17.355Z` (milliseconds optional) as epoch milliseconds.
    public static func parseISO(_ text: String) -> Int64? {
        guard let parsed = ISO8601Text(text), parsed.second != nil, parsed.zone != .none else { return nil }
        return parsed.epochMilliseconds
    }

    /// The search filters `date` / `endDate`, documented as `mm-dd-yyyy` (`/` accepted), as the UTC
    /// start of that day. Days up to 31 are taken in any month (a 31st rolls over), as before.
    static func parseMonthDayYear(_ text: String) -> Int64? {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
        guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), y > 1900 else { return nil }
        return CivilDate.epochMilliseconds(y, m, d)
    }
}
