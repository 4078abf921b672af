import CivilCalendar
import Foundation

extension Date {
    /// Whole milliseconds since 1970 (the precision timestamps are stored and shown with).
    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2024-01-31T09:30:00.250Z`. Formatted by hand
    /// (`CivilTimestamp`): this runs for every date of every mapped record.
    public var iso8601Milliseconds: String {
        CivilTimestamp(epochMilliseconds: epochMilliseconds).iso8601Milliseconds
    }

    /// An ISO 8601 date-time (not a bare date); nil when `text` is not one.
    public init?(iso8601 text: String) {
        guard let parsed = ISO8601Text(text), !parsed.isDateOnly else { return nil }
        self.init(epochMilliseconds: parsed.epochMilliseconds)
    }
}
