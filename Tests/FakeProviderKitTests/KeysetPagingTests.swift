import FakeProviderKit
import Foundation
import Testing

@Suite struct KeysetPagingTests {
    @Test func cursorsBelongToOneSortAndDirection() {
        let cursor = KeysetCursor(sortBy: "id", direction: "asc", key: 3, id: 3)
        #expect(KeysetCursor.decode(cursor.encoded, sortBy: "id", direction: "asc") == cursor)
        #expect(KeysetCursor.decode(cursor.encoded, sortBy: "id", direction: "desc") == nil)
        #expect(KeysetCursor.decode(cursor.encoded, sortBy: "add_time", direction: "asc") == nil && KeysetCursor.decode("x", sortBy: "id", direction: "asc") == nil)
    }

    @Test func collectionPagesHandOutTheNextCursor() throws {
        let (notes, _) = try RecordCollectionTests.collection()
        let first = notes.keysetPage("updated", descending: true, after: nil, limit: 2) { _ in true }
        #expect(first.scan.items.compactMap { $0.int("id") } == [3, 2])
        #expect(first.next == KeysetCursor(sortBy: "updated", direction: "desc", key: 200, id: 2))
        let rest = notes.keysetPage("updated", descending: true, after: first.next, limit: 2) { _ in true }
        #expect(rest.scan.items.compactMap { $0.int("id") } == [1] && rest.next == nil)
    }

    @Test func fixtureListPagesHandOutTheNextCursor() throws {
        let list = try FixtureListTests.fixtures(["s.json": #"{"data": [{"id": 1, "p": 1}, {"id": 2, "p": 2}, {"id": 3, "p": 1}, {"id": 4, "p": 1}]}"#]).list("s.json", member: "data")
        let first = list.keysetPage(after: nil, sortBy: "stage", by: "id", limit: 1) { $0["p"] as? Int == 1 }
        #expect(first.items.compactMap { $0["id"] as? Int } == [1] && first.next == KeysetCursor(sortBy: "stage", direction: "asc", key: 1, id: 1))
        let rest = list.keysetPage(after: first.next, sortBy: "stage", by: "id", limit: 5) { $0["p"] as? Int == 1 }
        #expect(rest.items.compactMap { $0["id"] as? Int } == [3, 4] && rest.next == nil)
    }

    @Test func aStoreWritesItsCollectionAndKeepsTheLastScan() async throws {
        let (_, shape) = try RecordCollectionTests.collection()
        let store = try RecordStore<Int>((1...3).map { ShapedRecord(shape: shape, ["id": .int($0), "updated": .int(100 * $0)]) }, shape: shape)
        let made = try await store.create { (count: Int) throws(FakeError) in ShapedRecord(shape: shape, ["id": .int(count + 1), "updated": .int(400)]) }
        let afterCreate = await store.count
        #expect(made.int("id") == 4 && afterCreate == 4)
        await #expect(throws: FakeError.named("no")) { try await store.create { (_: Int) throws(FakeError) in throw .named("no") } }
        let afterRefusal = await store.count
        #expect(afterRefusal == 4)
        let changed = try await store.update(2, now: 500) { (note: inout ShapedRecord) throws(FakeError) in note["text"] = .string("hi") }
        let stored = await store.record(2)
        #expect(changed?.new.string("text") == "hi" && stored?.int("updated") == 500)
        let deleted = await store.delete(1, now: 600)
        let (live, kept) = (await store.liveCount, await store.record(1))
        #expect(deleted?.int("id") == 1 && live == 3 && kept != nil)
        await #expect(throws: FakeError.named("notFound")) { try await store.delete(1, now: 700, or: .named("notFound")) }
        await #expect(throws: FakeError.named("notFound")) {
            try await store.update(1, now: 700, or: .named("notFound")) { (_: inout ShapedRecord) throws(FakeError) in }
        }
        let updated = try await store.update(3, now: 700, or: .named("notFound")) { (note: inout ShapedRecord) throws(FakeError) in note["text"] = .string("x") }
        #expect(updated.new.string("text") == "x")
        let page = await store.keysetPage("id", descending: false, after: nil, limit: 2) { $0.bool("gone") != true }
        let scanned = await store.lastScanned
        #expect(page.items.compactMap { $0.int("id") } == [2, 3] && page.next?.id == 3 && scanned == 4)
    }

    @Test func aListQueryReadsLimitFiltersSortAndDirection() async throws {
        let fixtures = try FixtureListTests.fixtures(["list.json": #"""
        {"limit": {"param": "limit", "max": 50, "default": 20}, "sort": {"param": "sort", "allowed": ["id", "updated"]},
         "direction": {"param": "dir", "ascending": "up", "descending": "down"}, "filters": [{"param": "min", "field": "id", "kind": "ids"}]}
        """#])
        let list = try fixtures.decode(KeysetListQuery.self, "list.json")
        let plain = try list.read(QueryReader(pairs: []) { $0 })
        #expect(plain.limit == 20 && plain.sortBy == "id" && !plain.descending && plain.direction == "asc" && plain.cursor == nil)
        var request = try list.read(QueryReader(pairs: [("limit", "1"), ("sort", "updated"), ("dir", "down"), ("min", "1,3")]) { $0 })
        #expect(request.limit == 1 && request.sortBy == "updated" && request.direction == "desc")
        #expect(throws: QueryProblem(name: "limit", value: "51", kind: .integer(range: 1...50, parsed: 51))) {
            try list.read(QueryReader(pairs: [("limit", "51")]) { $0 })
        }
        #expect(throws: QueryProblem(name: "dir", value: "asc", kind: .oneOf(["up", "down"]))) { try list.read(QueryReader(pairs: [("dir", "asc")]) { $0 }) }
        let newestFirst = try JSONDecoder().decode(KeysetListQuery.self, from: Data(#"""
        {"limit": {"param": "limit", "max": 5, "default": 5}, "sort": {"param": "sort", "allowed": ["id"]},
         "direction": {"param": "dir", "ascending": "up", "descending": "down", "default": "down"}, "filters": []}
        """#.utf8))
        #expect(try newestFirst.read(QueryReader(pairs: []) { $0 }).descending)
        #expect(try !newestFirst.read(QueryReader(pairs: [("dir", "up")]) { $0 }).descending)

        let (_, shape) = try RecordCollectionTests.collection()
        let store = try RecordStore<Int>((1...3).map { ShapedRecord(shape: shape, ["id": .int($0), "updated": .int(100 * $0)]) }, shape: shape)
        let first = await store.list(request)
        #expect(first.items.compactMap { $0.int("id") } == [3])
        request.cursor = try #require(first.next.flatMap { KeysetCursor.decode($0, sortBy: "updated", direction: "desc") })
        let second = await store.list(request)
        #expect(second.items.compactMap { $0.int("id") } == [1] && second.next == nil)
    }
}
