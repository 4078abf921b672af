import CivilCalendar

/// A way providers write or accept a timestamp, named as fixtures name it. Times are epoch
/// milliseconds here; `TimeFormat` stores them in the provider's unit.
///
/// What each form accepts beyond the ISO 8601 shape (`ISO8601Text`) is part of its name's rule:
/// - `iso8601-milliseconds`: writes `2024-01-01T10:00:00.000Z` (UTC, milliseconds); reads as `iso8601-seconds`.
/// - `iso8601`: `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or any offset (a space for `T` refused, second < 60).
/// - `iso8601-seconds`: seconds and a zone required, `T` or a space.
/// - `rfc3339-seconds`: writes `2024-01-01T10:00:00Z`; reads RFC 3339 only (seconds required, `T`,
///   offsets as `±HH:MM`), fractions dropped.
/// - `date`: `YYYY-MM-DD` as midnight UTC.
/// - `date-space-time`: `YYYY-MM-DD HH:MM:SS` in UTC.
/// - `epoch-milliseconds`: digits only.
/// - `month-day-year`: `mm-dd-yyyy` (`/` accepted) as the UTC start of that day; days up to 31 in any month (a 31st rolls over).
public enum TimeText: String, Sendable, Decodable, CaseIterable {
    case iso8601Milliseconds = "iso8601-milliseconds"
    case iso8601
    case iso8601Seconds = "iso8601-seconds"
    case rfc3339Seconds = "rfc3339-seconds"
    case date
    case dateSpaceTime = "date-space-time"
    case epochMilliseconds = "epoch-milliseconds"
    case monthDayYear = "month-day-year"

    /// The text of `milliseconds` in this form.
    public func text(_ milliseconds: Int64) -> String {
        let time = CivilTimestamp(epochMilliseconds: milliseconds)
        return switch self {
        case .rfc3339Seconds: time.rfc3339Seconds
        case .date, .monthDayYear: time.dateText
        case .dateSpaceTime: "\(time.dateText) \(time.timeText)"
        case .epochMilliseconds: String(milliseconds)
        case .iso8601Milliseconds, .iso8601, .iso8601Seconds: time.iso8601Milliseconds
        }
    }

    /// `text` as epoch milliseconds; nil when it is not of this form.
    public func parse(_ text: String) -> Int64? {
        switch self {
        case .epochMilliseconds:
            return !text.isEmpty && text.allSatisfy({ $0.isASCII && $0.isNumber }) ? Int64(text) : nil
        case .monthDayYear:
            let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" })
            guard parts.count == 3, let m = Int(parts[0]), let d = Int(parts[1]), let y = Int(parts[2]),
                  (1...12).contains(m), (1...31).contains(d), y > 1900 else { return nil }
            return CivilDate.epochMilliseconds(y, m, d)
        case .dateSpaceTime:
            guard text.count == 19 else { return nil }
            var chars = Array(text)
            guard chars[10] == " " else { return nil }
            chars[10] = "T"
            return Self.rfc3339Seconds.parse(String(chars) + "Z")
        default:
            break
        }
        guard let parsed = ISO8601Text(text) else { return nil }
        switch self {
        case .date:
            return parsed.isDateOnly ? parsed.epochMilliseconds : nil
        case .iso8601:
            guard parsed.second ?? 0 < 60, !parsed.isDateOnly, parsed.separator != 32, parsed.zone != .none else { return nil }
            return parsed.epochMilliseconds
        case .rfc3339Seconds:
            guard parsed.separator != 32, parsed.second != nil else { return nil }
            switch parsed.zone {
            case .none: return nil
            case .offset(_, let form) where form != .colon: return nil
            default: return parsed.epochMilliseconds - Int64(parsed.millisecond)
            }
        default:
            guard parsed.second != nil, parsed.zone != .none else { return nil }
            return parsed.epochMilliseconds
        }
    }

    /// The first of `forms` that reads `text`.
    public static func parse(_ text: String, as forms: [TimeText]) -> Int64? {
        for form in forms { if let time = form.parse(text) { return time } }
        return nil
    }
}
