import FakeProviderKit
import Foundation

/// The timestamps HubSpot writes (`YYYY-MM-DDThh:mm:ss.sssZ`) and the forms it accepts for
/// `date`/`datetime` properties: epoch milliseconds, `YYYY-MM-DD` (midnight UTC), or
/// `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset, surrounding blanks ignored (properties guide).
public enum HubSpotTime {
    public static func iso(_ millis: Int64) -> String { TimeText.iso8601Milliseconds.text(millis) }

    /// Nil when `raw` is none of the accepted forms.
    public static func parse(_ raw: String) -> Int64? {
        TimeText.parse(raw.trimmingCharacters(in: .whitespaces), as: [.epochMilliseconds, .date, .iso8601])
    }
}
