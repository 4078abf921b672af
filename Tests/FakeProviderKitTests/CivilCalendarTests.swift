import CivilCalendar
import Testing

@Suite struct CivilCalendarTests {
    @Test func daysAndDatesAreInverse() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let date = CivilDate.date(days: days)
            #expect(CivilDate.days(year: date.year, month: date.month, day: date.day) == days)
        }
        #expect(CivilDate.days(year: 1970, month: 1, day: 1) == 0)
        #expect(CivilDate.days(year: 2000, month: 3, day: 1) == 11_017)
    }

    /// The texts written digit by digit equal the padded fields for any instant, years past 9999
    /// and before year 0 included (those take the padding path).
    @Test func textsAreThePaddedFields() {
        var generator = SystemRandomNumberGenerator()
        let span: Int64 = 400_000_000_000_000
        for millis in [0, -1, 253_402_300_799_999, 253_402_300_800_000, -62_167_219_200_000, -62_167_219_200_001]
            + (0..<3000).map({ _ in Int64.random(in: -span...span, using: &generator) }) {
            let t = CivilTimestamp(epochMilliseconds: millis)
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
            }
            let date = "\(pad(t.year, 4))-\(pad(t.month, 2))-\(pad(t.day, 2))", time = "\(pad(t.hour, 2)):\(pad(t.minute, 2)):\(pad(t.second, 2))"
            #expect(t.dateText == date && t.timeText == time, "\(millis)")
            #expect(t.iso8601Milliseconds == "\(date)T\(time).\(pad(t.millisecond, 3))Z" && t.rfc3339Seconds == "\(date)T\(time)Z", "\(millis)")
        }
        #expect(CivilTimestamp(epochMilliseconds: 253_402_300_800_000).dateText == "10000-01-01")
    }

    @Test func formatsWithMilliseconds() {
        #expect(CivilTimestamp(epochMilliseconds: 0).iso8601Milliseconds == "1970-01-01T00:00:00.000Z")
        #expect(CivilTimestamp(epochMilliseconds: -1).iso8601Milliseconds == "1969-12-31T23:59:59.999Z")
        #expect(CivilTimestamp(epochSeconds: 1_704_103_200).rfc3339Seconds == "2024-01-01T10:00:00Z")
    }

    @Test func readsStrictlyAndRejectsImpossibleDates() {
        #expect(ISO8601Text("2024-02-29T10:20:30.5+02:00")?.epochMilliseconds == CivilDate.epochMilliseconds(2024, 2, 29, 8, 20, 30, 500))
        #expect(ISO8601Text("2023-02-29") == nil)
        #expect(ISO8601Text("2024-01-01T24:00:00Z") == nil)
        #expect(ISO8601Text("2024-01-01T10:00:00Zjunk") == nil)
        #expect(ISO8601Text("2024-01-01T10:00")?.second == nil)
        #expect(ISO8601Text("2024-01-01")?.isDateOnly == true)
        #expect(ISO8601Text("2024-01-01T10:00:00.123456Z")?.millisecond == 123)
    }
}
