import FakeProviderKit
import Testing

@Suite struct QueryToolsTests {
    @Test func problemLogsCollectEveryProblemInItsProvidersWords() throws {
        let texts = QueryProblemTexts(rules: ["oneOf": "{name} must be one of: {allowed}", "integer": "{name} must be {min}-{max}",
                                              "parameter.when": "{name} must be a date"])
        var log = QueryProblemLog(pairs: [("order", "up"), ("limit", "0"), ("when", "x"), ("keep", "ok")], texts: texts)
        #expect(try log.read { try $0.oneOf("order", ["asc", "desc"]) } == nil)
        log.add("own message")
        #expect(try log.read { try $0.int("limit", in: 1...100) } == nil)
        #expect(try log.read { try $0.value("when") { Int($0) } } == nil)
        #expect(try log.read { try $0.value("other") { Int($0) } } == nil)
        #expect(log.query.string("keep") == "ok")
        #expect(log.messages == ["order must be one of: asc, desc", "own message", "limit must be 1-100", "when must be a date"])
        #expect(QueryProblemTexts(rules: [:]).text(QueryProblem(name: "x", value: "1", kind: .tooMany(max: 2))) == "x is invalid")
    }

    @Test func problemTextsGiveTheCodeOfTheRulePicked() {
        let texts = QueryProblemTexts(rules: ["integer.after": "bad cursor {value}", "integer.below": "{name} below {min}", "integer": "{name} not a number"],
                                      codes: ["integer.below": "OUT_OF_RANGE", "integer": "INVALID_INTEGER"])
        let low = QueryProblem(name: "limit", value: "0", kind: .integer(range: 1...100, parsed: 0))
        let word = QueryProblem(name: "limit", value: "ten", kind: .integer(range: 1...100, parsed: nil))
        let cursor = QueryProblem(name: "after", value: "-1", kind: .integer(range: 0...Int.max, parsed: -1))
        #expect((texts.text(low), texts.code(low)) == ("limit below 1", "OUT_OF_RANGE"))
        #expect((texts.text(word), texts.code(word)) == ("limit not a number", "INVALID_INTEGER"))
        // The parameter's own rule wins and has no code.
        #expect((texts.text(cursor), texts.code(cursor)) == ("bad cursor -1", nil))
    }

    @Test func filterParametersBuildRecordFilters() throws {
        let (_, shape) = try RecordCollectionTests.collection()
        let parameters = FilterParameters(equals: ["text_is": "text"], matchNothing: ["campaign"])
        let record = ShapedRecord(shape: shape, ["text": .string("s1"), "updated": .int(50)])
        var filter = parameters.filter(QueryReader(pairs: [("text_is", "s1"), ("campaign", "")], failure: { $0 }))
        #expect(filter == RecordFilter(equals: ["text": "s1"]) && filter.matches(record) && !filter.isEmpty)
        filter.ranges = [.init(member: "updated", from: 50, to: 51)]
        #expect(filter.matches(record))
        filter.ranges = [.init(member: "updated", to: 50)]
        #expect(!filter.matches(record) && filter.signature != RecordFilter(equals: ["text": "s1"]).signature)
        #expect(!parameters.filter(QueryReader(pairs: [("campaign", "c")], failure: { $0 })).matches(record))
        #expect(RecordFilter(ranges: [.init(member: "updated")]).isEmpty)
    }

    @Test func cursorsStartPastTheirRecord() throws {
        let (notes, _) = try RecordCollectionTests.collection()
        let ids = { (start: PageStart<Int>) in notes.page("updated", from: start, limit: 10).items.compactMap { $0.int("id") } }
        #expect(ids(notes.start(afterKey: 100, id: 1, order: "updated")) == [2, 3])
        #expect(ids(notes.start(afterKey: 200, id: nil, order: "updated")) == [3])
        #expect(ids(notes.start(afterKey: nil, id: 2, order: "updated")) == [3])
        #expect(ids(notes.start(afterKey: nil, id: 9, order: "updated")) == [1, 2, 3])
    }

    @Test func queryStringsReplaceAndEscape() {
        let pairs = QueryString.replacing([("q", "a&b=c+d"), ("page", "1"), ("x", "é")], with: [("page", "2")])
        #expect(QueryString.encode(pairs) == "q=a%26b%3Dc%2Bd&x=%C3%A9&page=2")
    }
}
