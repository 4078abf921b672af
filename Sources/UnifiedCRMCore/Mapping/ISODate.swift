import Foundation

/// Parsing of the date formats providers use.
enum ISODate {
    /// ISO 8601 date-time with or without fractional seconds and with `Z` or an offset;
    /// also the space-separated form `2024-01-31 09:30:00` (read as UTC).
    static func parse(_ text: String) -> Date? {
        let normalized = text.count >= 19 && text[text.index(text.startIndex, offsetBy: 10)] == " "
            ? text.replacingOccurrences(of: " ", with: "T")
            : text
        if let date = try? Date(normalized, strategy: withFraction) { return date }
        if let date = try? Date(normalized, strategy: withoutFraction) { return date }
        if normalized.count == 19, let date = try? Date(normalized + "Z", strategy: withoutFraction) { return date }
        return nil
    }

    /// `YYYY-MM-DD` as midnight UTC.
    static func parseDay(_ text: String) -> Date? {
        guard text.count == 10 else { return nil }
        return try? Date(text + "T00:00:00Z", strategy: withoutFraction)
    }

    /// The UTC day of a date as `YYYY-MM-DD`.
    static func day(_ date: Date) -> String { String(date.iso8601Milliseconds.prefix(10)) }

    private static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    private static let withoutFraction = Date.ISO8601FormatStyle()
}
