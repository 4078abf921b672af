import FakeProviderKit
import Foundation
import Testing

@Suite struct RecordCollectionTests {
    /// Notes stored as a shape with a soft delete and an update stamp, times in seconds.
    static let records = """
    {"note": {
      "collection": {"id": "id", "orders": ["id", "updated"], "deleted": {"gone": true},
                     "update": [{"field": "updated", "stamp": "now"}, {"field": "version", "stamp": "increment"}],
                     "delete": [{"field": "updated", "stamp": "now"}]},
      "times": {"time": {"unit": "seconds", "written": "rfc3339-seconds", "accepted": ["rfc3339-seconds", "date-space-time"]}},
      "fields": [{"name": "id", "type": "integer", "write": "never"}, {"name": "text", "type": "string", "default": ""},
                 {"name": "updated", "type": "integer", "write": "never", "format": "time"},
                 {"name": "due", "type": "string", "format": "time"}]}}
    """

    static func collection() throws -> (RecordCollection<Int>, RecordShape) {
        let shape = try FixtureListTests.fixtures(["records.json": records]).shape("note")
        let notes = (1...3).map { ShapedRecord(shape: shape, ["id": .int($0), "updated": .int(100 * $0)]) }
        return (try RecordCollection(notes, shape: shape), shape)
    }

    @Test func updatesAndDeletesFollowTheDeclaredRules() throws {
        var (notes, _) = try Self.collection()
        let changed = try #require(notes.update(2, now: 150) { $0["text"] = .string("hi") })
        #expect(changed.old.string("text") == "" && changed.new.string("text") == "hi")
        #expect(changed.new.int("updated") == 200 && changed.new.int("version") == 1)  // never moves back
        #expect(notes.update(2, now: 500) { _ in }?.new.int("updated") == 500)
        #expect(notes.delete(1, now: 900)?.int("updated") == 100)  // as it was
        #expect(notes[1]?.bool("gone") == true && notes[1]?.int("updated") == 900 && notes.live(1) == nil)
        #expect(notes.delete(1, now: 950) == nil && notes.update(1, now: 950) { _ in } == nil)
        #expect(notes.liveCount() == 2 && notes.count == 3)
        #expect(notes.page("updated", limit: 10).items.compactMap { $0.int("id") } == [3, 2, 1])
    }

    @Test func declaredTimesReadAndRender() throws {
        let (_, shape) = try Self.collection()
        let formats = ShapeFormats(shape: shape)
        let check = ShapeCheck(["due": "2024-01-02 03:04:05"], shape: shape, formats: formats, creating: true)
        #expect(check.violations.isEmpty && check.values["due"] == .int(1_704_164_645))
        #expect(!ShapeCheck(["due": "2024-01-02T03:04:05+0100"], shape: shape, formats: formats, creating: true).violations.isEmpty)
        let record = ShapedRecord(shape: shape, ["id": .int(1), "updated": .int(1_704_164_645)])
        #expect(shape.render(record, formats: formats)["updated"] as? String == "2024-01-02T03:04:05Z")
    }

    @Test func timeTextForms() {
        #expect(TimeText.iso8601Milliseconds.text(1_427_997_766_123) == "2015-04-02T18:02:46.123Z")
        #expect(TimeText.rfc3339Seconds.parse("2024-01-01T10:00:00.999+01:00") == 1_704_099_600_000)
        #expect(TimeText.iso8601.parse("2024-01-01 10:00Z") == nil && TimeText.iso8601.parse("2024-01-01T10:00Z") != nil)
        #expect(TimeText.iso8601Seconds.parse("2024-01-01 10:00:00Z") != nil && TimeText.iso8601Seconds.parse("2024-01-01T10:00Z") == nil)
        #expect(TimeText.monthDayYear.parse("02/31/2024") == TimeText.date.parse("2024-03-02"))
        #expect(TimeText.parse("1430438400000", as: [.epochMilliseconds, .date]) == TimeText.parse("2015-05-01", as: [.epochMilliseconds, .date]))
    }
}
