/// A provider's records of one kind with the store rules its record shape declares
/// (`CollectionRules`, the shape's `collection` in `records.json`): the id field, the orders pages
/// walk, what a delete does and what every update and delete stamps. Records are `ShapedRecord`s
/// in a `RecordTable`.
public struct RecordCollection<ID: RecordID>: Sendable {
    public private(set) var table: RecordTable<ID, ShapedRecord>
    public let rules: CollectionRules

    /// `records` (seeded ones) under `shape`'s rules; throws when the shape declares none.
    public init(_ records: [ShapedRecord], shape: RecordShape) throws(FixtureError) {
        guard let rules = shape.collection else { throw FixtureError("records.json: the shape has no collection rules") }
        self.rules = rules
        let idField = rules.id
        var orders: [String: @Sendable (ShapedRecord) -> Int64] = [:]
        for field in rules.orders { orders[field] = { $0.int64(field) ?? 0 } }
        table = RecordTable(records, id: { ID(recordValue: $0[idField]) ?? .missing }, orders: orders)
    }

    /// Every stored record, deleted ones too.
    public var count: Int { table.count }

    /// A stored record, deleted ones too.
    public subscript(id: ID) -> ShapedRecord? { table[id] }

    /// A record that is not deleted.
    public func live(_ id: ID) -> ShapedRecord? { table[id].flatMap { rules.isDeleted($0) ? nil : $0 } }

    /// How many records are not deleted (kept until the next write).
    public mutating func liveCount() -> Int { table.count(cacheKey: "live") { !rules.isDeleted($0) } }

    public mutating func insert(_ record: ShapedRecord) { table.insert(record) }

    /// Changes a live record, then stamps it as the rules' `update` says; the record before and
    /// after, nil when there is no live record with `id`. Nothing changes when `change` throws.
    public mutating func update<E: Error>(_ id: ID, now: Int64, _ change: (inout ShapedRecord) throws(E) -> Void) throws(E)
        -> (old: ShapedRecord, new: ShapedRecord)? {
        guard let old = live(id) else { return nil }
        var record = old
        try change(&record)
        rules.stamp(&record, rules.update, now: now)
        table.insert(record)
        return (old, record)
    }

    /// Deletes a live record as the rules say (flags it, or removes it); the record as it was, nil
    /// when there is no live record with `id`.
    public mutating func delete(_ id: ID, now: Int64) -> ShapedRecord? {
        guard let old = live(id) else { return nil }
        guard let flags = rules.deleted else { return table.remove(id) }
        table.update(id) { record in
            record.apply(flags)
            rules.stamp(&record, rules.delete, now: now)
        }
        return old
    }

    /// Up to `limit` records walking `order` (see `RecordTable.page`).
    public func page(_ order: String, from start: PageStart<ID> = .first, descending: Bool = false,
                     limit: Int, skip: Int = 0, matches: (ShapedRecord) -> Bool = { _ in true }) -> PageScan<ShapedRecord> {
        table.page(order, from: start, descending: descending, limit: limit, skip: skip, matches: matches)
    }

    /// How many records match; with a `cacheKey`, remembered until the next write.
    public mutating func count(cacheKey: String? = nil, where matches: (ShapedRecord) -> Bool) -> Int {
        table.count(cacheKey: cacheKey, where: matches)
    }
}

/// A record id type: read from the id field's value.
public protocol RecordID: Hashable, Comparable, Sendable {
    init?(recordValue: RecordValue)
    /// The id of a record whose id field holds no such value.
    static var missing: Self { get }
}

extension Int: RecordID {
    public init?(recordValue: RecordValue) {
        guard let value = recordValue.int else { return nil }
        self = value
    }
    public static var missing: Int { 0 }
}

extension String: RecordID {
    public init?(recordValue: RecordValue) {
        guard let value = recordValue.string else { return nil }
        self = value
    }
    public static var missing: String { "" }
}
