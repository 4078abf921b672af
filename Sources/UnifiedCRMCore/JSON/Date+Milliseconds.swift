import Foundation

extension Date {
    /// Whole milliseconds since 1970 (the precision timestamps are stored and shown with).
    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2024-01-31T09:30:00.250Z`.
    public var iso8601Milliseconds: String {
        let ms = epochMilliseconds
        let seconds = ms.floorDiv(1000)
        let c = Self.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: Date(timeIntervalSince1970: Double(seconds)))
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03lldZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, ms - seconds * 1000)
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}

extension Int64 {
    fileprivate func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
