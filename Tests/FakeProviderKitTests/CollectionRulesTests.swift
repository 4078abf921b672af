import FakeProviderKit
import Testing

@Suite struct CollectionRulesTests {
    @Test func createStampsSetTheirFieldsOnANewRecordOnly() throws {
        let records = """
        {"task": {"collection": {"id": "id", "create": [{"field": "added", "stamp": "now"}, {"field": "revision", "stamp": "increment"}],
                                 "update": [{"field": "changed", "stamp": "now"}]},
                  "fields": [{"name": "id", "type": "integer"}, {"name": "added", "type": "integer"}, {"name": "changed", "type": "integer"},
                             {"name": "revision", "type": "integer"}]}}
        """
        let shape = try FixtureListTests.fixtures(["records.json": records]).shape("task")
        let rules = try #require(shape.collection)
        #expect(rules.create.map(\.field) == ["added", "revision"] && rules.update.map(\.field) == ["changed"])
        var task = ShapedRecord(shape: shape, ["id": .int(1)])
        rules.stampCreated(&task, now: 1_700)
        #expect(task.int64("added") == 1_700 && task.int("revision") == 1 && task["changed"].isNull)

        let plain = try FixtureListTests.fixtures(["records.json": #"{"n": {"collection": {"id": "id"}, "fields": []}}"#]).shape("n")
        #expect(plain.collection?.create.isEmpty == true)
    }
}
