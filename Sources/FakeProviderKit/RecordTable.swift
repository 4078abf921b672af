/// A provider's records in memory: found by id, and walked in orders kept sorted so a page starts
/// with a binary search (`SortedIndex`) instead of a scan from the first record.
///
/// Each order sorts by an integer key taken from the record (an id, a timestamp), ties broken by
/// id. Writes keep every order sorted; counts asked for with a cache key are kept until the next write.
public struct RecordTable<ID: Hashable & Comparable & Sendable, Record: Sendable>: Sendable {
    /// A record's place in an order.
    public struct Position: Comparable, Sendable {
        public let key: Int64
        public let id: ID
        public static func < (a: Position, b: Position) -> Bool { a.key != b.key ? a.key < b.key : a.id < b.id }
    }

    private var records: [ID: Record]
    private let idOf: @Sendable (Record) -> ID
    private let keyOf: [String: @Sendable (Record) -> Int64]
    private var orders: [String: SortedIndex<Position>]
    private var cachedCounts: [String: Int] = [:]

    /// `orders` names each order and the key it sorts by.
    public init(_ records: [Record], id: @escaping @Sendable (Record) -> ID,
                orders: [String: @Sendable (Record) -> Int64]) {
        var byID: [ID: Record] = [:]
        byID.reserveCapacity(records.count)
        for record in records { byID[id(record)] = record }
        self.records = byID
        idOf = id
        keyOf = orders
        self.orders = orders.mapValues { key in SortedIndex(byID.values.map { Position(key: key($0), id: id($0)) }) }
    }

    public var count: Int { records.count }
    public var all: Dictionary<ID, Record>.Values { records.values }
    public subscript(id: ID) -> Record? { records[id] }

    /// Adds `record`, or replaces the one with its id.
    public mutating func insert(_ record: Record) {
        let id = idOf(record)
        if records[id] != nil { remove(id) }
        records[id] = record
        for (name, key) in keyOf { orders[name]?.insert(Position(key: key(record), id: id)) }
        cachedCounts.removeAll()
    }

    /// Changes the record with `id` in place and returns it; nil (and no change) when there is none.
    @discardableResult
    public mutating func update(_ id: ID, _ change: (inout Record) throws -> Void) rethrows -> Record? {
        guard var record = records[id] else { return nil }
        let before = record
        try change(&record)
        records[id] = record
        for (name, key) in keyOf where key(before) != key(record) {
            orders[name]?.remove(Position(key: key(before), id: id))
            orders[name]?.insert(Position(key: key(record), id: id))
        }
        cachedCounts.removeAll()
        return record
    }

    @discardableResult
    public mutating func remove(_ id: ID) -> Record? {
        guard let record = records.removeValue(forKey: id) else { return nil }
        for (name, key) in keyOf { orders[name]?.remove(Position(key: key(record), id: id)) }
        cachedCounts.removeAll()
        return record
    }

    /// Up to `limit` records matching `matches`, walking `order` from `start`, newest key first when
    /// `descending`, after skipping `skip` matches (page numbers).
    public func page(_ order: String, from start: PageStart<ID> = .first, descending: Bool = false,
                     limit: Int, skip: Int = 0, matches: (Record) -> Bool = { _ in true }) -> PageScan<Record> {
        let index = orders[order] ?? SortedIndex([])
        return PageScan(from: Self.position(of: start, in: index, descending: descending), step: descending ? -1 : 1,
                        count: index.count, limit: limit, skip: skip,
                        item: { records[index[$0].id] }, matches: matches)
    }

    /// How many records match; with a `cacheKey`, remembered until the next write.
    public mutating func count(cacheKey: String? = nil, where matches: (Record) -> Bool) -> Int {
        if let cacheKey, let cached = cachedCounts[cacheKey] { return cached }
        let counted = records.values.reduce(0) { $0 + (matches($1) ? 1 : 0) }
        if let cacheKey { cachedCounts[cacheKey] = counted }
        return counted
    }

    /// The first position a walk from `start` looks at (-1 or `count` when nothing is left).
    static func position(of start: PageStart<ID>, in index: SortedIndex<Position>, descending: Bool) -> Int {
        switch (start, descending) {
        case (.first, false): return 0
        case (.first, true): return index.count - 1
        case (.after(let key, let id), false): return index.upperBound(Position(key: key, id: id))
        case (.after(let key, let id), true): return index.lowerBound(Position(key: key, id: id)) - 1
        case (.pastKey(let key), false): return index.firstPosition { $0.key > key }
        case (.pastKey(let key), true): return index.firstPosition { $0.key >= key } - 1
        case (.fromKey(let key), false): return index.firstPosition { $0.key >= key }
        case (.fromKey(let key), true): return index.firstPosition { $0.key > key } - 1
        }
    }
}

/// Where a page starts in an order of a `RecordTable`, in the walking direction.
public enum PageStart<ID: Comparable & Sendable>: Sendable {
    /// The first record of the order (the last one when walking down).
    case first
    /// Just past the record at `key` and `id` (a cursor with its tie-breaker).
    case after(key: Int64, id: ID)
    /// Past every record with this key (a cursor without a tie-breaker skips the rest of a tie).
    case pastKey(Int64)
    /// The first record with this key or past it (a cursor naming the next record).
    case fromKey(Int64)
}
