/// Keys kept sorted, so a page starts with a binary search instead of a scan from the first record.
public struct SortedIndex<Key: Comparable & Sendable>: Sendable {
    public private(set) var keys: [Key]

    public init(_ keys: [Key]) { self.keys = keys.sorted() }

    public var count: Int { keys.count }
    public subscript(position: Int) -> Key { keys[position] }

    /// First position whose key is ≥ `key`.
    public func lowerBound(_ key: Key) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// First position whose key is > `key`.
    public func upperBound(_ key: Key) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if key < keys[mid] { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// First position whose key satisfies `isPast`, a predicate false for a prefix of the keys and
    /// true for the rest (searches on part of a key, such as a timestamp without its tie-breaker).
    public func firstPosition(where isPast: (Key) -> Bool) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if isPast(keys[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }

    public mutating func insert(_ key: Key) { keys.insert(key, at: lowerBound(key)) }

    /// Appends a key known to sort last (ids that only grow).
    public mutating func append(_ key: Key) { keys.append(key) }

    public mutating func remove(_ key: Key) {
        let position = lowerBound(key)
        if position < keys.count, keys[position] == key { keys.remove(at: position) }
    }
}

/// One page collected by walking positions of an ordered collection.
public struct PageScan<Item> {
    public var items: [Item] = []
    /// True when another matching item follows the page.
    public var hasMore = false
    /// How many positions were looked at: a page costs its size plus what the filter skipped,
    /// never the records before the cursor.
    public var scanned = 0

    /// Walks positions `start`, `start + step`, ... inside `0..<count`, skips `skip` matches, then
    /// collects up to `limit` items (`item` nil or `matches` false passes a position over).
    public init(from start: Int, step: Int = 1, count: Int, limit: Int, skip: Int = 0,
                item: (Int) -> Item?, matches: (Item) -> Bool = { _ in true }) {
        var position = start
        var toSkip = skip
        items.reserveCapacity(min(limit, 1000))
        while position >= 0, position < count {
            scanned += 1
            if let candidate = item(position), matches(candidate) {
                if toSkip > 0 { toSkip -= 1 }
                else if items.count == limit { hasMore = true; break }
                else { items.append(candidate) }
            }
            position += step
        }
    }
}

/// Offset paging (`start` + `limit`, "more items" flag and next start) over a whole list.
public struct OffsetPage<Item> {
    public let items: [Item]
    public let start: Int
    public let more: Bool
    /// The start of the next page; nil on the last one.
    public var nextStart: Int? { more ? start + items.count : nil }

    public init(_ all: [Item], start: Int, limit: Int) {
        self.start = start
        items = start < all.count ? Array(all[start..<min(start + limit, all.count)]) : []
        more = start + items.count < all.count
    }
}
extension PageScan: Sendable where Item: Sendable {}
