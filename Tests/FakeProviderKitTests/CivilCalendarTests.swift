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
