import CivilCalendar
import Foundation

/// Pipedrive's times: API v2 writes RFC 3339 in UTC (`2024-01-01T10:00:00Z`), dates `YYYY-MM-DD`,
/// API v1 (dealFields) `YYYY-MM-DD HH:MM:SS`. Kept as whole seconds since 1970.
enum PipedriveTime {

    static func rfc3339(_ epoch: Int) -> String { CivilTimestamp(epochSeconds: epoch).rfc3339Seconds }

    static func date(_ epoch: Int) -> String { CivilTimestamp(epochSeconds: epoch).dateText }

    /// RFC 3339 only: seconds required, `T` and `Z` in either case, offsets as `±HH:MM`.
    static func parseRFC3339(_ text: String) -> Int? {
        guard let parsed = ISO8601Text(text), parsed.separator != 32, parsed.second != nil else { return nil }
        switch parsed.zone {
        case .none: return nil
        case .offset(_, let form) where form != .colon: return nil
        default: return Int((parsed.epochMilliseconds - Int64(parsed.millisecond)) / 1000)
        }
    }

    /// A strict `YYYY-MM-DD` calendar date as midnight UTC.
    static func parseDate(_ text: String) -> Int? {
        guard let parsed = ISO8601Text(text), parsed.isDateOnly else { return nil }
        return Int(parsed.epochMilliseconds / 1000)
    }

    static func epoch(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0) -> Int {
        Int(CivilDate.epochMilliseconds(year, month, day, hour, minute, second) / 1000)
    }
}

extension PipedriveTime {
    /// `YYYY-MM-DD HH:MM:SS` (UTC), the format the docs give for `archive_time`.
    static func parseArchiveTime(_ text: String) -> Int? {
        guard text.count == 19 else { return nil }
        var chars = Array(text)
        guard chars[10] == " " else { return nil }
        chars[10] = "T"
        return parseRFC3339(String(chars) + "Z")
    }
}
