/// Keyset paging with a `KeysetCursor`: a page of a collection or fixture list starting just past
/// the cursor's record, and the cursor of the next page.
extension KeysetCursor {
    /// `text` read as a cursor of sort `sortBy` in `direction`; nil when it is not one.
    public static func decode(_ text: String, sortBy: String, direction: String) -> KeysetCursor? {
        decode(text).flatMap { $0.sortBy == sortBy && $0.direction == direction ? $0 : nil }
    }
}

extension RecordCollection where ID == Int {
    /// Up to `limit` matching records walking `order` from just past `cursor` (from the start
    /// without one), and the cursor of the next page (nil at the end).
    public func keysetPage(_ order: String, descending: Bool, after cursor: KeysetCursor?, limit: Int,
                           matches: (ShapedRecord) -> Bool) -> (scan: PageScan<ShapedRecord>, next: KeysetCursor?) {
        let scan = page(order, from: cursor?.start ?? .first, descending: descending, limit: limit, matches: matches)
        guard scan.hasMore, let last = scan.items.last else { return (scan, nil) }
        let next = KeysetCursor(sortBy: order, direction: descending ? "desc" : "asc", key: last.int(order) ?? 0, id: last.int(rules.id) ?? 0)
        return (scan, next)
    }
}

extension FixtureList {
    /// Up to `limit` matching items whose integer `member` is past `cursor`'s id, in file order,
    /// and the cursor of the next page (sort `sortBy`, ascending, keyed by that member; nil at the end).
    public func keysetPage(after cursor: KeysetCursor?, sortBy: String, by member: String, limit: Int,
                           where matches: ([String: Any]) -> Bool = { _ in true }) -> (items: [[String: Any]], next: KeysetCursor?) {
        let (items, more) = page(after: cursor?.id ?? 0, by: member, limit: limit, where: matches)
        let last = items.last?[member] as? Int ?? 0
        return (items, more ? KeysetCursor(sortBy: sortBy, direction: "asc", key: last, id: last) : nil)
    }
}
