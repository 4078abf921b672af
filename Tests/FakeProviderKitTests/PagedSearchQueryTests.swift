import FakeProviderKit
import Foundation
import Testing

@Suite struct PagedSearchQueryTests {
    struct Invalid: Error { let messages: [String] }

    static let table = """
    {"tenant": {"param": "account", "missing": ["account is required"]},
     "text": {"param": "q", "members": ["text"], "linkedMembers": ["email"]},
     "filters": {"equals": {"owner": "owner"}, "matchNothing": ["campaign"]},
     "choices": [{"param": "state", "member": "state", "allowed": ["open", "closed", "any"], "any": "any"}],
     "order": {"param": "order", "ascending": "up", "descending": "down", "default": "down"},
     "limit": {"param": "limit", "max": 50, "default": 10}, "page": {"param": "page", "max": 99, "default": 1},
     "cursor": {"after": "after", "afterId": "afterId"},
     "range": {"member": "created", "from": "from", "to": "to", "format": "month-day-year", "toOffset": 86400000},
     "wording": {"rules": {"oneOf": "{name} must be one of {allowed}", "integer.above": "{name} must be at most {max}",
                           "parameter.after": "{name} must be a number", "parameter.to": "{name} must be mm-dd-yyyy"}},
     "answer": {"items": "{items}", "meta": {"current": "{page}", "next": "{nextPage}", "prev": "{prevPage}"}, "_note": "dropped"}}
    """

    static func parse(_ pairs: [(String, String)]) throws -> PagedSearchQuery {
        let table = try FixtureListTests.fixtures(["search.json": table]).decode(PagedSearchQuery.Table.self, "search.json")
        return try PagedSearchQuery(pairs, table: table, invalid: { Invalid(messages: $0) })
    }

    @Test func readsEveryParameterAsTheTableSays() throws {
        let query = try Self.parse([("account", "a1"), ("q", "ACME"), ("owner", "u1"), ("state", "open"), ("order", "up"),
                                    ("limit", "5"), ("page", "3"), ("after", "1700"), ("afterId", "x9"), ("from", "01-02-2024"), ("to", "01-02-2024")])
        #expect(query.tenant == "a1" && query.text == "acme" && !query.descending && query.limit == 5 && query.page == 3)
        #expect(query.startAfter == 1700 && query.startAfterId == "x9" && query.hasFilters)
        #expect(query.filter.equals == ["owner": "u1", "state": "open"])
        let day = try #require(query.filter.ranges.first)
        #expect(day.member == "created" && day.to.map { $0 - (day.from ?? 0) } == 86_400_000)

        let plain = try Self.parse([("account", "a1"), ("state", "any")])
        #expect(plain.filter.isEmpty && !plain.hasFilters && plain.descending && plain.limit == 10 && plain.page == 1)
        #expect(plain.filterSignature != query.filterSignature)
    }

    @Test func reportsEveryProblemTogetherInOrder() throws {
        let error = try #require(throws: Invalid.self) {
            try Self.parse([("state", "gone"), ("limit", "51"), ("after", "soon"), ("to", "2024-01-02")])
        }
        #expect(error.messages == ["account is required", "state must be one of open, closed, any", "limit must be at most 50",
                                   "after must be a number", "to must be mm-dd-yyyy"])
    }

    @Test func matchesTextInTheRecordOrItsLinkedRecord() throws {
        let (_, shape) = try RecordCollectionTests.collection()
        let record = ShapedRecord(shape: shape, ["text": .string("Big Deal"), "email": .string("Ann@Acme.example")])
        let query = { (text: String) in try Self.parse([("account", "a"), ("q", text)]) }
        #expect(try query("big").matches(record, linked: nil))
        #expect(try !query("acme").matches(record, linked: nil))
        #expect(try query("acme").matches(ShapedRecord(shape: shape), linked: record))
        #expect(try !Self.parse([("account", "a"), ("campaign", "c")]).matches(record, linked: nil))
    }

    @Test func pageNumbersNextLinksAndTheAnswerTemplate() throws {
        let query = try Self.parse([("account", "a"), ("page", "2"), ("after", "5"), ("keep", "k")])
        #expect(query.nextParameters(afterKey: 9, id: "z").map { "\($0.0)=\($0.1)" } == ["account=a", "keep=k", "after=9", "afterId=z", "page=3"])
        let last = query.pageNumbers(hasMore: false)
        #expect(last["page"] as? Int == 2 && last["prevPage"] as? Int == 1 && last["nextPage"] == nil)
        #expect(try Self.parse([("account", "a")]).pageNumbers(hasMore: true)["nextPage"] as? Int == 2)
        var values = last
        values["items"] = [1, 2]
        let answer = try #require(query.table.answer(values) as? [String: Any])
        let meta = try #require(answer["meta"] as? [String: Any])
        #expect(answer["items"] as? [Int] == [1, 2] && answer["_note"] == nil)
        #expect(meta["current"] as? Int == 2 && meta["prev"] as? Int == 1 && meta["next"] is NSNull)
    }

    @Test func storesAnswerPagesWithLinkedRecordsAndTotals() async throws {
        let records = #"{"item": {"collection": {"id": "id", "orders": ["created"]}, "fields": [{"name": "id", "type": "string"}, {"name": "created", "type": "integer"}, {"name": "text", "type": "string"}, {"name": "owner", "type": "string"}]}}"#
        let shape = try FixtureListTests.fixtures(["records.json": records]).shape("item")
        let items = (1...5).map { ShapedRecord(shape: shape, ["id": .string("i\($0)"), "created": .int(10 * $0), "text": .string($0 == 4 ? "Four" : "x"),
                                                            "owner": .string($0 % 2 == 0 ? "even" : "odd")]) }
        let store = try RecordStore<String>(items, shape: shape)
        let owner = ShapedRecord(shape: shape, ["email": .string("even@example.com")])
        let linked = { @Sendable (record: ShapedRecord) in record.string("owner") == "even" ? owner : nil }

        var query = try Self.parse([("account", "a"), ("order", "up"), ("limit", "2")])
        var page = await store.search(query, order: "created", linked: linked)
        #expect(page.items.map { $0.0.string("id") } == ["i1", "i2"] && page.hasMore && page.total == 5)
        #expect(page.items.map { $0.1 == nil } == [true, false])
        (query.startAfter, query.startAfterId) = (40, "i4")
        page = await store.search(query, order: "created", linked: linked)
        #expect(page.items.map { $0.0.string("id") } == ["i5"] && !page.hasMore)

        page = await store.search(try Self.parse([("account", "a"), ("q", "EVEN@"), ("page", "2"), ("limit", "1")]), order: "created", linked: linked)
        #expect(page.total == 2 && page.items.map { $0.0.string("id") } == ["i2"] && !page.hasMore)
        page = await store.search(try Self.parse([("account", "a"), ("q", "four")]), order: "created", linked: linked)
        #expect(page.total == 1 && page.items.first?.0.string("id") == "i4")

        let first = try Self.parse([("account", "a"), ("limit", "2"), ("x", "a b")])
        var values = first.answerValues(await store.search(first, order: "created", linked: linked), key: "created", id: "id") { record, _ in record.string("id") ?? "" }
        #expect(values["items"] as? [String] == ["i5", "i4"] && values["total"] as? Int == 5 && values["nextPage"] as? Int == 2)
        #expect(values["after"] as? Int == 40 && values["afterId"] as? String == "i4")
        #expect(values["next"] as? String == "account=a&limit=2&x=a%20b&after=40&afterId=i4&page=2")
        query = try Self.parse([("account", "a"), ("q", "nothing")])
        values = query.answerValues(await store.search(query, order: "created", linked: linked), key: "created", id: "id") { _, _ in 0 }
        #expect(values["total"] as? Int == 0 && values["after"] == nil && values["afterId"] == nil && values["next"] == nil)
    }
}
