import CivilCalendar
import Foundation

/// Parsing of the date formats providers use, over the shared strict reader (`ISO8601Text`):
/// Foundation's parser accepts impossible dates (Feb 29 2023, 24:00) and trailing text.
enum ISODate {
    /// ISO 8601 date-time with or without fractional seconds and with `Z` or an offset; also the
    /// space-separated form `2024-01-31 09:30:00` (read as UTC). Seconds are required; `T` and
    /// `Z` are upper case.
    static func parse(_ text: String) -> Date? {
        fastParse(Array(text.utf8)).map(Date.init(epochMilliseconds:))
    }

    /// `YYYY-MM-DD` as midnight UTC.
    static func parseDay(_ text: String) -> Date? {
        guard let parsed = ISO8601Text(text), parsed.isDateOnly else { return nil }
        return Date(epochMilliseconds: parsed.epochMilliseconds)
    }

    /// The UTC day of a date as `YYYY-MM-DD`.
    static func day(_ date: Date) -> String { CivilTimestamp(epochMilliseconds: date.epochMilliseconds).dateText }

    /// `YYYY-MM-DD[T ]HH:MM:SS[.f+](Z|±HH:MM|±HHMM|±HH)?` → epoch milliseconds; nil for any other shape.
    static func fastParse(_ bytes: [UInt8]) -> Int64? {
        guard let parsed = ISO8601Text(String(decoding: bytes, as: UTF8.self)),
              parsed.separator == 84 || parsed.separator == 32,
              let second = parsed.second, second < 60 else { return nil }
        if case .utc(lowercase: true) = parsed.zone { return nil }
        return parsed.epochMilliseconds
    }
}
