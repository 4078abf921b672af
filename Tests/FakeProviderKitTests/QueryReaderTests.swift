import FakeProviderKit
import Hummingbird
import Testing

@Suite struct QueryReaderTests {
    func reader(_ query: String) -> QueryReader<QueryProblem> {
        let pairs = query.split(separator: "&").map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
        return QueryReader(pairs: pairs, failure: { $0 })
    }

    @Test func integersHaveRangesAndDefaultsAndBlankIsAbsent() throws {
        let query = reader("limit=25&blank=&big=900&word=ten")
        #expect(try query.int("limit", in: 1...100, default: 10) == 25)
        #expect(try query.int("missing", in: 1...100, default: 10) == 10)
        #expect(try query.int("blank", in: 1...100) == nil)
        #expect(throws: QueryProblem(name: "big", value: "900", kind: .integer(range: 1...500, parsed: 900))) {
            try query.int("big", in: 1...500)
        }
        #expect(throws: QueryProblem(name: "word", value: "ten", kind: .integer(range: 1...500, parsed: nil))) {
            try query.int("word", in: 1...500)
        }
    }

    @Test func flagsEnumsAndParsedValues() throws {
        let query = reader("archived=TRUE&other=1&order=asc&bad=sideways&when=2024")
        #expect(query.flag("archived") && !query.flag("other") && !query.flag("missing"))
        #expect(try query.oneOf("order", ["asc", "desc"]) == "asc")
        #expect(throws: QueryProblem(name: "bad", value: "sideways", kind: .oneOf(["asc", "desc"]))) {
            try query.oneOf("bad", ["asc", "desc"])
        }
        #expect(try query.value("when", { Int($0) }) == 2024)
        #expect(throws: QueryProblem(name: "order", value: "asc", kind: .format)) { try query.value("order", { Int($0) }) }
    }

    @Test func commaListsJoinRepeatsTrimAndDeduplicate() throws {
        let query = reader("p=a, b,,a&p=c&s=open,gone&ids=3,1,x&many=1,2,3")
        #expect(try query.list("p") == ["a", "b", "c"])
        #expect(try query.list("missing").isEmpty)
        #expect(throws: QueryProblem(name: "s", value: "open,gone", kind: .oneOf(["open", "won"]))) {
            try query.list("s", allowed: ["open", "won"])
        }
        #expect(try query.intList("many", in: 1...9) == [1, 2, 3])
        #expect(throws: QueryProblem(name: "ids", value: "x", kind: .integerList(range: 1...9))) { try query.intList("ids", in: 1...9) }
        #expect(throws: QueryProblem(name: "many", value: "1,2,3", kind: .tooMany(max: 2))) { try query.intList("many", in: 1...9, max: 2) }
    }
}
