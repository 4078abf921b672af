import FakeProviderKit
import Testing

@Suite struct RecordTableTests {
    struct Note: Sendable, Equatable {
        var id: Int
        var created: Int64
        var open = true
    }

    /// Ids 1...9; created times 10, 20, 20, 20, 30, ... (a tie of three at 20).
    static func table() -> RecordTable<Int, Note> {
        let times: [Int64] = [10, 20, 20, 20, 30, 40, 50, 60, 70]
        return RecordTable(times.enumerated().map { Note(id: $0.offset + 1, created: $0.element) },
                           id: { $0.id }, orders: ["id": { Int64($0.id) }, "created": { $0.created }])
    }

    @Test func crudKeepsRecordsByID() {
        var table = Self.table()
        #expect(table.count == 9 && table[3]?.created == 20 && table[10] == nil)
        table.insert(Note(id: 10, created: 5))
        #expect(table.count == 10 && table[10]?.created == 5)
        let updated = table.update(4) { $0.open = false }
        #expect(updated?.open == false && table[4]?.open == false)
        #expect(table.update(99) { $0.open = false } == nil)
        #expect(table.remove(2)?.id == 2 && table[2] == nil && table.count == 9)
        #expect(table.remove(2) == nil)
    }

    @Test func ordersStaySortedThroughWrites() {
        var table = Self.table()
        table.insert(Note(id: 10, created: 5))
        table.update(9) { $0.created = 1 }
        table.remove(5)
        let created = table.page("created", limit: 100).items.map(\.id)
        #expect(created == [9, 10, 1, 2, 3, 4, 6, 7, 8])
        #expect(table.page("created", descending: true, limit: 3).items.map(\.id) == [8, 7, 6])
        #expect(table.page("id", limit: 100).items.map(\.id) == [1, 2, 3, 4, 6, 7, 8, 9, 10])
    }

    @Test func cursorsStartPagesInsideTies() {
        let table = Self.table()
        // With the tie-breaker: the rest of the tie follows.
        #expect(table.page("created", from: .after(key: 20, id: 2), limit: 3).items.map(\.id) == [3, 4, 5])
        #expect(table.page("created", from: .after(key: 20, id: 3), descending: true, limit: 3).items.map(\.id) == [2, 1])
        // Without it: the whole tie is skipped.
        #expect(table.page("created", from: .pastKey(20), limit: 2).items.map(\.id) == [5, 6])
        #expect(table.page("created", from: .pastKey(20), descending: true, limit: 2).items.map(\.id) == [1])
        // From a key: the records with that key come first.
        #expect(table.page("created", from: .fromKey(20), limit: 2).items.map(\.id) == [2, 3])
        #expect(table.page("created", from: .fromKey(20), descending: true, limit: 4).items.map(\.id) == [4, 3, 2, 1])
        #expect(table.page("created", from: .fromKey(71), limit: 2).items.isEmpty)
    }

    @Test func pagesFilterSkipAndReportMore() {
        let table = Self.table()
        let even = table.page("id", limit: 2, matches: { $0.id % 2 == 0 })
        #expect(even.items.map(\.id) == [2, 4] && even.hasMore)
        let third = table.page("id", limit: 2, skip: 4)
        #expect(third.items.map(\.id) == [5, 6] && third.hasMore)
        #expect(!table.page("id", from: .after(key: 7, id: 7), limit: 2).hasMore)
    }

    @Test func cachedCountsLastUntilTheNextWrite() {
        var table = Self.table()
        #expect(table.count(cacheKey: "open") { $0.open } == 9)
        table.update(1) { $0.open = false }
        #expect(table.count(cacheKey: "open") { $0.open } == 8)
        #expect(table.count { $0.created == 20 } == 3)
    }
}
