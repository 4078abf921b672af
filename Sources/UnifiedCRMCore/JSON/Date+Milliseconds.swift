import Foundation

extension Date {
    /// Whole milliseconds since 1970 (the precision timestamps are stored and shown with).
    public var epochMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    public init(epochMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }

    /// ISO 8601 UTC with milliseconds, e.g. `2024-01-31T09:30:00.250Z`. Formatted by hand: this
    /// runs for every date of every mapped record.
    public var iso8601Milliseconds: String {
        CivilTime.format(epochMilliseconds: epochMilliseconds)
    }
}

/// Proleptic Gregorian calendar arithmetic in UTC (days-from-civil, after H. Hinnant).
enum CivilTime {
    static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func format(epochMilliseconds ms: Int64) -> String {
        let millis = ((ms % 1000) + 1000) % 1000
        let seconds = (ms - millis) / 1000
        let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
        let days = (seconds - secondOfDay) / 86_400
        let (year, month, day) = civilFromDays(days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(24)
        func append(_ value: Int64, digits: Int) {
            var divisor: Int64 = 1
            for _ in 1..<digits { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(truncatingIfNeeded: 48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        append(year, digits: 4); bytes.append(45)
        append(month, digits: 2); bytes.append(45)
        append(day, digits: 2); bytes.append(84)
        append(secondOfDay / 3600, digits: 2); bytes.append(58)
        append(secondOfDay / 60 % 60, digits: 2); bytes.append(58)
        append(secondOfDay % 60, digits: 2); bytes.append(46)
        append(millis, digits: 3); bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }
}
