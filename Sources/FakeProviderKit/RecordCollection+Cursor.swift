extension RecordCollection {
    /// Where a page starts from a cursor naming the last record handed out by its `order` key, its
    /// id, or both (HighLevel's `startAfter` + `startAfterId`): both start just past that record;
    /// the key alone passes every record with that key; the id alone reads the key from the record
    /// (an unknown id, like no cursor, starts at the first record).
    public func start(afterKey key: Int64?, id: ID?, order: String) -> PageStart<ID> {
        if let key { return id.map { .after(key: key, id: $0) } ?? .pastKey(key) }
        if let id, let record = self[id] { return .after(key: record.int64(order) ?? 0, id: id) }
        return .first
    }
}
