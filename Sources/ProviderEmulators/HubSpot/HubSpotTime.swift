import CivilCalendar
import Foundation

/// The timestamps HubSpot writes (`YYYY-MM-DDThh:mm:ss.sssZ`, always UTC and milliseconds) and the
/// forms it accepts for `date`/`datetime` properties: epoch milliseconds, `YYYY-MM-DD` (midnight
/// UTC), or `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset (properties guide).
public enum HubSpotTime {

    public static func iso(_ millis: Int64) -> String { CivilTimestamp(epochMilliseconds: millis).iso8601Milliseconds }

    /// Nil when `raw` is none of the accepted forms.
    public static func parse(_ raw: String) -> Int64? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) { return Int64(text) }
        guard let parsed = ISO8601Text(text), parsed.second ?? 0 < 60 else { return nil }
        if parsed.isDateOnly { return parsed.epochMilliseconds }
        guard parsed.separator != 32, parsed.zone != .none else { return nil }
        return parsed.epochMilliseconds
    }
}
