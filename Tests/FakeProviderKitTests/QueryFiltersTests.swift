import FakeProviderKit
import Foundation
import Testing

@Suite struct QueryFiltersTests {
    static let filters = #"""
    [{"param": "status", "field": "status", "kind": "status", "allowed": ["open", "won", "deleted"], "deleted": {"field": "gone", "value": "deleted"}},
     {"param": "owner", "field": "owner_id", "kind": "id"},
     {"param": "saved", "kind": "id"},
     {"param": "ids", "field": "id", "kind": "ids", "max": 2},
     {"param": "since", "field": "updated", "kind": "since", "time": {"unit": "seconds", "written": "rfc3339-seconds", "accepted": ["rfc3339-seconds"]}},
     {"param": "until", "field": "updated", "kind": "until", "time": {"unit": "seconds", "written": "rfc3339-seconds", "accepted": ["rfc3339-seconds"]}}]
    """#
    static let shape = #"{"deal": {"fields": [{"name": "id", "type": "integer"}, {"name": "status", "type": "string"}, {"name": "owner_id", "type": "integer"}, {"name": "updated", "type": "integer"}, {"name": "gone", "type": "boolean"}]}}"#

    func ids(_ query: [(String, String)]) throws -> [Int] {
        let fixtures = try FixtureListTests.fixtures(["filters.json": Self.filters, "records.json": Self.shape])
        let filters = try fixtures.decode(QueryFilters.self, "filters.json")
        let shape = try fixtures.shape("deal")
        let deals = [(1, "open", 7, 100, false), (2, "won", 8, 200, false), (3, "open", 7, 300, true)].map {
            ShapedRecord(shape: shape, ["id": .int($0.0), "status": .string($0.1), "owner_id": .int($0.2), "updated": .int($0.3), "gone": .bool($0.4)])
        }
        let matches = try filters.read(QueryReader(pairs: query) { $0 })
        return deals.filter(matches).compactMap { $0.int("id") }
    }

    @Test func eachKindFiltersItsField() throws {
        #expect(try ids([]) == [1, 2])  // deleted only when asked for
        #expect(try ids([("status", "deleted,won")]) == [2, 3] && ids([("status", "open")]) == [1])
        #expect(try ids([("owner", "7")]) == [1] && ids([("saved", "12")]) == [1, 2])
        #expect(try ids([("ids", "2,3"), ("status", "open,won,deleted")]) == [2, 3])
        #expect(try ids([("since", "1970-01-01T00:03:20Z")]) == [2] && ids([("until", "1970-01-01T00:03:20Z")]) == [1])
    }

    @Test func aBadValueThrowsItsProblem() throws {
        #expect(throws: QueryProblem(name: "owner", value: "0", kind: .integer(range: 1...Int.max, parsed: 0))) { try ids([("owner", "0")]) }
        #expect(throws: QueryProblem(name: "ids", value: "1,2,3", kind: .tooMany(max: 2))) { try ids([("ids", "1,2,3")]) }
        #expect(throws: QueryProblem(name: "since", value: "2024-01-01", kind: .format)) { try ids([("since", "2024-01-01")]) }
        #expect(throws: QueryProblem(name: "status", value: "lost", kind: .oneOf(["open", "won", "deleted"]))) { try ids([("status", "lost")]) }
    }

    @Test func problemTextsPickTheMostSpecificRule() {
        let texts = QueryProblemTexts(message: "{name}: {rule}", rules: [
            "integer.unbounded": "must be positive", "integer.from0": "must be {min} or more", "integer": "must be {min} to {max}",
            "tooMany.ids": "at most {max} ids", "tooMany": "at most {max}", "oneOf": "one of {allowed}", "*": "bad {value}",
        ])
        #expect(texts.text(QueryProblem(name: "limit", value: "0", kind: .integer(range: 1...500, parsed: 0))) == "limit: must be 1 to 500")
        #expect(texts.text(QueryProblem(name: "id", value: "x", kind: .integer(range: 1...Int.max, parsed: nil))) == "id: must be positive")
        #expect(texts.text(QueryProblem(name: "start", value: "x", kind: .integer(range: 0...Int.max, parsed: nil))) == "start: must be 0 or more")
        #expect(texts.text(QueryProblem(name: "ids", value: "", kind: .tooMany(max: 3))) == "ids: at most 3 ids")
        #expect(texts.text(QueryProblem(name: "keys", value: "", kind: .tooMany(max: 3))) == "keys: at most 3")
        #expect(texts.text(QueryProblem(name: "s", value: "", kind: .oneOf(["a", "b"]))) == "s: one of a, b")
        #expect(texts.text(QueryProblem(name: "d", value: "{rule}", kind: .format)) == "d: bad {rule}")  // values are not filled again
    }
}
