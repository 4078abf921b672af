import FakeProviderKit
import Testing

@Suite struct PagingTests {
    @Test func aScanLooksOnlyAtThePageAndWhatTheFilterSkips() {
        let index = SortedIndex(Array(1...10_000))
        let start = index.upperBound(9_000)
        let page = PageScan(from: start, count: index.count, limit: 10, item: { index[$0] }, matches: { $0 % 2 == 0 })
        #expect(page.items == Array(stride(from: 9_002, through: 9_020, by: 2)))
        #expect(page.hasMore)
        // 9001 ... 9020 for the page, 9021 and 9022 to see that more follow.
        #expect(page.scanned == 22)
    }

    @Test func pageNumbersSkipWholePages() {
        let page = PageScan(from: 0, count: 50, limit: 20, skip: 40, item: { $0 })
        #expect(page.items == Array(40..<50))
        #expect(!page.hasMore)
    }

    @Test func offsetPagesReportTheNextStart() {
        let first = OffsetPage(Array(0..<26), start: 0, limit: 10)
        #expect(first.items.count == 10 && first.more && first.nextStart == 10)
        let last = OffsetPage(Array(0..<26), start: 20, limit: 10)
        #expect(last.items == Array(20..<26) && !last.more && last.nextStart == nil)
        #expect(OffsetPage(Array(0..<3), start: 9, limit: 5).items.isEmpty)
    }

    @Test func opaqueCursorsRoundTrip() {
        struct Marker: Codable, Equatable { var k: Int; var i: Int }
        let text = OpaqueCursor.encode(Marker(k: 5, i: 9))
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(OpaqueCursor.decode(Marker.self, text) == Marker(k: 5, i: 9))
        #expect(OpaqueCursor.decode(Marker.self, "not a cursor") == nil)
    }
}
