import Foundation
import GRDB

extension AppDatabase: AccountStore {}

/// Account writes with their events in the same transaction (`AccountOutboxStore`).
extension AppDatabase: AccountOutboxStore {
    public func createAccount(_ account: IntegratedAccount, events: [WebhookEvent]) async throws -> Int {
        let record = try AccountRecord(account, sealing: secretBox)
        do {
            return try await writer.write { db in
                _ = try record.inserted(db)
                self.publishOnCommit(.created(account), db)
                return try events.reduce(0) { $0 + (try Self.queue($1, to: nil, db: db)) }
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw AccountStoreError.duplicateID(account.id)
        }
    }

    public func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void,
                              events: @Sendable @escaping (IntegratedAccount, IntegratedAccount) -> [WebhookEvent]) async throws
        -> (before: IntegratedAccount, after: IntegratedAccount, queued: Int)? {
        try await writer.write { db in
            guard let stored = try Self.fetchRecord(db, id: id) else { return nil }
            let before = try stored.account(opening: self.secretBox)
            let account = try before.changed(by: change)
            try AccountRecord(account, seq: stored.seq, sealing: self.secretBox).update(db)
            self.publishOnCommit(.updated(account), db)
            return (before, account, try events(before, account).reduce(0) { $0 + (try Self.queue($1, to: nil, db: db)) })
        }
    }

    public func deleteAccount(id: UUID, events: @Sendable @escaping (IntegratedAccount) -> [WebhookEvent]) async throws -> (account: IntegratedAccount, queued: Int)? {
        try await writer.write { db in
            guard let stored = try Self.fetchRecord(db, id: id) else { return nil }
            let account = try stored.account(opening: self.secretBox)
            try stored.delete(db)
            self.publishOnCommit(.deleted(account), db)
            return (account, try events(account).reduce(0) { $0 + (try Self.queue($1, to: nil, db: db)) })
        }
    }
}

extension AppDatabase {
    // MARK: Writes

    public func createAccount(_ account: IntegratedAccount) async throws {
        _ = try await createAccount(account, events: [])
    }

    public func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void) async throws -> IntegratedAccount? {
        try await updateAccount(id: id, change, events: { _, _ in [] })?.after
    }

    public func deleteAccount(id: UUID) async throws -> IntegratedAccount? {
        try await deleteAccount(id: id, events: { _ in [] })?.account
    }

    /// Updates the cache and tells the listeners when (and only if) the current transaction
    /// commits. Commits are serialized on the writer, so they see changes in commit order.
    private func publishOnCommit(_ change: AccountChange, _ db: Database) {
        let cache = self.cache, listeners = self.listeners
        db.afterNextTransaction { _ in
            cache.apply(change)
            listeners.notify(change)
        }
    }

    public func addChangeListener(_ listener: @escaping AccountChangeListeners.Listener) {
        listeners.add(listener)
    }

    // MARK: Reads

    /// One account, from the cache when this process has seen it.
    public func account(id: UUID) async throws -> IntegratedAccount? {
        let lookup = cache.lookup(id)
        if let cached = lookup.account { return cached }
        let account = try await storedAccount(id: id)
        if let account { cache.fill(account, ifUnchangedSince: lookup.generation) }
        return account
    }

    /// One account read from the database, never from the cache.
    func storedAccount(id: UUID) async throws -> IntegratedAccount? {
        try await writer.read { db in try Self.fetchRecord(db, id: id)?.account(opening: self.secretBox) }
    }

    public func listAccounts(filter: AccountFilter, limit: Int, after: Int64?) async throws -> AccountPage {
        try await writer.read { db in
            var request = AccountRecord.filter(AccountRecord.Columns.seq > (after ?? 0))
            if let tenantId = filter.tenantId { request = request.filter(AccountRecord.Columns.tenantId == tenantId) }
            if let integration = filter.integration { request = request.filter(AccountRecord.Columns.integration == integration) }
            let records = try request.order(AccountRecord.Columns.seq).limit(limit + 1).fetchAll(db)
            let rows = try records.map { (seq: $0.seq ?? 0, account: try $0.account(opening: self.secretBox)) }
            return AccountPage(rows: rows, limit: limit)
        }
    }

    public func healthCheck() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    private static func fetchRecord(_ db: Database, id: UUID) throws -> AccountRecord? {
        try AccountRecord.filter(AccountRecord.Columns.id == AccountRecord.key(id)).fetchOne(db)
    }
}
