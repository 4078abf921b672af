/// What answers served from a fixture list ask of it: one item by id, the items with a member
/// set to the caller's value, a page after a cursor id.
extension FixtureList {
    /// The first item whose string `member` is `value`.
    public func item(_ member: String, equals value: String) -> [String: Any]? {
        items.first { $0[member] as? String == value }
    }

    /// Every item with `member` set to `value` (answers that echo the caller's account id).
    public func items(setting member: String, to value: Any) -> [[String: Any]] {
        items.map { item in
            var item = item
            item[member] = value
            return item
        }
    }

    /// Up to `limit` matching items whose integer `member` is above `after`, in file order, and
    /// whether more follow.
    public func page(after: Int, by member: String, limit: Int,
                     where matches: ([String: Any]) -> Bool = { _ in true }) -> (items: [[String: Any]], more: Bool) {
        let matching = items.filter { ($0[member] as? Int ?? 0) > after && matches($0) }
        return (Array(matching.prefix(limit)), matching.count > limit)
    }
}
