/// A provider's records of one kind behind an actor: a `RecordCollection` read and written one
/// request at a time, keeping how many records the last page looked at (tests check that deep
/// pages stay cheap).
public actor RecordStore<ID: RecordID> {
    private var collection: RecordCollection<ID>
    /// Records looked at by the last `keysetPage` (a page starts at its cursor, found by binary search).
    public private(set) var lastScanned = 0

    /// `records` (seeded ones) under `shape`'s collection rules.
    public init(_ records: [ShapedRecord], shape: RecordShape) throws(FixtureError) {
        collection = try RecordCollection(records, shape: shape)
    }

    /// A stored record, deleted ones too.
    public func record(_ id: ID) -> ShapedRecord? { collection[id] }

    /// Every stored record, deleted ones too.
    public var count: Int { collection.count }

    /// How many records are not deleted.
    public var liveCount: Int { collection.liveCount() }

    /// Stores the record `make` builds from the number of records stored so far (for ids 1...n);
    /// nothing is stored when it throws.
    public func create<E: Error>(_ make: @Sendable (_ count: Int) throws(E) -> ShapedRecord) throws(E) -> ShapedRecord {
        let record = try make(collection.count)
        collection.insert(record)
        return record
    }

    /// Stores the record `make` builds from the number of records stored so far and the last one
    /// in `order` (ids that grow from the highest so far); nothing is stored when it throws.
    public func create<E: Error>(after order: String, _ make: @Sendable (_ count: Int, _ last: ShapedRecord?) throws(E) -> ShapedRecord)
        throws(E) -> ShapedRecord {
        let record = try make(collection.count, collection.page(order, descending: true, limit: 1).items.first)
        collection.insert(record)
        return record
    }

    /// Up to `limit` records walking `order` (`RecordTable.page`).
    public func page(_ order: String, from start: PageStart<ID> = .first, limit: Int,
                     matches: @Sendable (ShapedRecord) -> Bool) -> PageScan<ShapedRecord> {
        collection.page(order, from: start, limit: limit, matches: matches)
    }

    /// `RecordCollection.update`: the record before and after, nil when no live record has `id`.
    public func update<E: Error>(_ id: ID, now: Int64, _ change: @Sendable (inout ShapedRecord) throws(E) -> Void) throws(E)
        -> (old: ShapedRecord, new: ShapedRecord)? {
        try collection.update(id, now: now, change)
    }

    /// `RecordCollection.delete`: the record as it was, nil when no live record has `id`.
    public func delete(_ id: ID, now: Int64) -> ShapedRecord? { collection.delete(id, now: now) }

    /// `update`, throwing `missing` (the provider's 404) when no live record has `id`.
    public func update(_ id: ID, now: Int64, or missing: FakeError, _ change: @Sendable (inout ShapedRecord) throws(FakeError) -> Void) throws(FakeError)
        -> (old: ShapedRecord, new: ShapedRecord) {
        guard let changed = try collection.update(id, now: now, change) else { throw missing }
        return changed
    }

    /// `delete`, throwing `missing` (the provider's 404) when no live record has `id`.
    public func delete(_ id: ID, now: Int64, or missing: FakeError) throws(FakeError) -> ShapedRecord {
        guard let record = collection.delete(id, now: now) else { throw missing }
        return record
    }
}

extension RecordStore where ID == Int {
    /// `RecordCollection.keysetPage`, remembering what it looked at in `lastScanned`.
    public func keysetPage(_ order: String, descending: Bool, after cursor: KeysetCursor?, limit: Int,
                           matches: @Sendable (ShapedRecord) -> Bool) -> (items: [ShapedRecord], next: KeysetCursor?) {
        let (scan, next) = collection.keysetPage(order, descending: descending, after: cursor, limit: limit, matches: matches)
        lastScanned = scan.scanned
        return (scan.items, next)
    }
}
