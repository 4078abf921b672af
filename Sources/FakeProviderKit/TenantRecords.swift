/// One tenant's view of a provider's records of one kind (a HighLevel location, a company): its
/// own records in a `RecordCollection`, and the ids of other tenants' records, which it may not
/// touch: asking for one throws `forbidden`, asking for an id nobody holds throws `missing`.
public struct TenantRecords<ID: RecordID>: Sendable {
    public internal(set) var records: RecordCollection<ID>
    public let foreignIDs: Set<ID>
    public let forbidden: FakeError
    public let missing: FakeError

    public init(_ records: RecordCollection<ID>, foreignIDs: some Sequence<ID>, forbidden: FakeError, missing: FakeError) {
        self.records = records
        self.foreignIDs = Set(foreignIDs)
        self.forbidden = forbidden
        self.missing = missing
    }

    /// The tenant's live record with `id`.
    public func record(_ id: ID) throws(FakeError) -> ShapedRecord {
        if let record = records.live(id) { return record }
        throw foreignIDs.contains(id) ? forbidden : missing
    }

    /// The first id `make` gives that no record of any tenant holds.
    public func freshID(_ make: () -> ID) -> ID {
        var id = make()
        while records[id] != nil || foreignIDs.contains(id) { id = make() }
        return id
    }

    public mutating func insert(_ record: ShapedRecord) { records.insert(record) }

    /// How many of the tenant's records match (`RecordCollection.count`, cached by `cacheKey`).
    public mutating func count(cacheKey: String? = nil, where matches: (ShapedRecord) -> Bool) -> Int {
        records.count(cacheKey: cacheKey, where: matches)
    }

    /// Changes the tenant's record as `RecordCollection.update` does; the record before and after.
    /// Throws `forbidden` or `missing` before `change` runs when the tenant has no such record.
    public mutating func update(_ id: ID, now: Int64, _ change: (inout ShapedRecord) throws -> Void) throws
        -> (old: ShapedRecord, new: ShapedRecord) {
        _ = try record(id)
        guard let changed = try records.update(id, now: now, change) else { throw missing }
        return changed
    }

    /// Deletes the tenant's record as `RecordCollection.delete` does; the record as it was.
    public mutating func delete(_ id: ID, now: Int64) throws(FakeError) -> ShapedRecord {
        _ = try record(id)
        guard let old = records.delete(id, now: now) else { throw missing }
        return old
    }
}
