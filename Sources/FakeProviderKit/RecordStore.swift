/// A provider's records of one kind behind an actor: a `RecordCollection` read and written one
/// request at a time, keeping how many records the last page looked at (tests check that deep
/// pages stay cheap). A tenant's store (`init(_:shape:foreignIDs:forbidden:missing:idSeed:)`)
/// also knows other tenants' ids, as `TenantRecords` does, and makes fresh ids for creates.
public actor RecordStore<ID: RecordID> {
    private var tenant: TenantRecords<ID>
    private var generator: SeededGenerator
    /// Records looked at by the last `keysetPage` or `page` (a page starts at its cursor, found by binary search).
    public private(set) var lastScanned = 0

    /// `records` (seeded ones) under `shape`'s collection rules; no other tenant (the tenant
    /// methods answer an unknown id with `.named("notFound")`).
    public init(_ records: [ShapedRecord], shape: RecordShape) throws(FixtureError) {
        try self.init(records, shape: shape, foreignIDs: [], forbidden: .named("forbidden"), missing: .named("notFound"))
    }

    /// One tenant's `records` among the ids of others' (`foreignIDs`): the tenant methods throw
    /// `forbidden` for those, `missing` for ids nobody holds. `idSeed` seeds `freshID`'s generator.
    public init(_ records: [ShapedRecord], shape: RecordShape, foreignIDs: some Sequence<ID>, forbidden: FakeError, missing: FakeError,
                idSeed: UInt64 = 0) throws(FixtureError) {
        tenant = TenantRecords(try RecordCollection(records, shape: shape), foreignIDs: foreignIDs, forbidden: forbidden, missing: missing)
        generator = SeededGenerator(seed: idSeed)
    }

    private var collection: RecordCollection<ID> { tenant.records }

    /// A stored record, deleted ones too.
    public func record(_ id: ID) -> ShapedRecord? { collection[id] }

    /// Every stored record, deleted ones too.
    public var count: Int { collection.count }

    /// How many records are not deleted.
    public var liveCount: Int { tenant.records.liveCount() }

    /// Stores the record `make` builds from the number of records stored so far (for ids 1...n);
    /// nothing is stored when it throws.
    public func create<E: Error>(_ make: @Sendable (_ count: Int) throws(E) -> ShapedRecord) throws(E) -> ShapedRecord {
        let record = try make(collection.count)
        tenant.records.insert(record)
        return record
    }

    /// Stores the record `make` builds from the number of records stored so far and the last one
    /// in `order` (ids that grow from the highest so far); nothing is stored when it throws.
    public func create<E: Error>(after order: String, _ make: @Sendable (_ count: Int, _ last: ShapedRecord?) throws(E) -> ShapedRecord)
        throws(E) -> ShapedRecord {
        let record = try make(collection.count, collection.page(order, descending: true, limit: 1).items.first)
        tenant.records.insert(record)
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
        try tenant.records.update(id, now: now, change)
    }

    /// `RecordCollection.delete`: the record as it was, nil when no live record has `id`.
    public func delete(_ id: ID, now: Int64) -> ShapedRecord? { tenant.records.delete(id, now: now) }

    /// `update`, throwing `missing` (the provider's 404) when no live record has `id`.
    public func update(_ id: ID, now: Int64, or missing: FakeError, _ change: @Sendable (inout ShapedRecord) throws(FakeError) -> Void) throws(FakeError)
        -> (old: ShapedRecord, new: ShapedRecord) {
        guard let changed = try tenant.records.update(id, now: now, change) else { throw missing }
        return changed
    }

    /// `delete`, throwing `missing` (the provider's 404) when no live record has `id`.
    public func delete(_ id: ID, now: Int64, or missing: FakeError) throws(FakeError) -> ShapedRecord {
        guard let record = tenant.records.delete(id, now: now) else { throw missing }
        return record
    }
}

/// The tenant's side (`TenantRecords`): its own records, other tenants' ids refused.
extension RecordStore {
    /// Other tenants' ids.
    public var foreignIDs: Set<ID> { tenant.foreignIDs }

    /// The tenant's live record: `forbidden` for another tenant's id, `missing` for an unknown one.
    public func own(_ id: ID) throws(FakeError) -> ShapedRecord { try tenant.record(id) }

    /// Stores the record `make` builds around an id no tenant holds (`make` draws candidates
    /// from the store's seeded generator); nothing is stored when it throws.
    public func create<E: Error>(freshID draw: @Sendable (inout SeededGenerator) -> ID,
                                 _ make: @Sendable (ID) throws(E) -> ShapedRecord) throws(E) -> ShapedRecord {
        let id = tenant.freshID { draw(&generator) }
        let record = try make(id)
        tenant.insert(record)
        return record
    }

    /// `TenantRecords.update`: the tenant's record before and after `change`.
    public func updateOwn(_ id: ID, now: Int64, _ change: @Sendable (inout ShapedRecord) throws -> Void) throws -> (old: ShapedRecord, new: ShapedRecord) {
        try tenant.update(id, now: now, change)
    }

    /// `TenantRecords.delete`: the tenant's record as it was.
    public func deleteOwn(_ id: ID, now: Int64) throws(FakeError) -> ShapedRecord { try tenant.delete(id, now: now) }

    /// `RecordCollection.page` from a `startAfter`-style cursor (`RecordCollection.start`), skipping
    /// `skip` matches on a first page; remembers what it looked at in `lastScanned`.
    public func page(_ order: String, afterKey key: Int64?, id: ID?, descending: Bool, limit: Int, skipOnFirst skip: Int,
                     matches: @Sendable (ShapedRecord) -> Bool) -> PageScan<ShapedRecord> {
        let start = collection.start(afterKey: key, id: id, order: order)
        let isFirst = if case .first = start { true } else { false }
        let scan = collection.page(order, from: start, descending: descending, limit: limit, skip: isFirst ? skip : 0, matches: matches)
        lastScanned = scan.scanned
        return scan
    }

    /// How many of the tenant's records match, cached by `cacheKey` until the next write.
    public func count(cacheKey: String?, where matches: @Sendable (ShapedRecord) -> Bool) -> Int {
        tenant.count(cacheKey: cacheKey, where: matches)
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
