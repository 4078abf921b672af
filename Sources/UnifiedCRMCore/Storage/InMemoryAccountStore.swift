import Foundation
import Synchronization

/// An account store in memory, for tests: the same behaviour as `AppDatabase` (keyset order,
/// one-transaction updates, change announcements in commit order) without a file or encryption.
public final class InMemoryAccountStore: AccountStore {
    private struct State {
        var rows: [UUID: (seq: Int64, account: IntegratedAccount)] = [:]
        var lastSeq: Int64 = 0
    }

    private let state = Mutex(State())
    private let listeners = AccountChangeListeners()

    public init() {}

    // Each write changes the state and announces the change under the lock: that is its commit,
    // so listeners see changes in the order they were made.

    public func createAccount(_ account: IntegratedAccount) async throws {
        try state.withLock { state in
            guard state.rows[account.id] == nil else { throw AccountStoreError.duplicateID(account.id) }
            state.lastSeq += 1
            state.rows[account.id] = (state.lastSeq, account)
            listeners.notify(.created(account))
        }
    }

    public func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void) async throws -> IntegratedAccount? {
        try state.withLock { state in
            guard let row = state.rows[id] else { return nil }
            let account = try row.account.changed(by: change)
            state.rows[id] = (row.seq, account)
            listeners.notify(.updated(account))
            return account
        }
    }

    public func deleteAccount(id: UUID) async throws -> IntegratedAccount? {
        state.withLock { state in
            guard let row = state.rows.removeValue(forKey: id) else { return nil }
            listeners.notify(.deleted(row.account))
            return row.account
        }
    }

    public func account(id: UUID) async throws -> IntegratedAccount? {
        state.withLock { $0.rows[id]?.account }
    }

    public func listAccounts(filter: AccountFilter, limit: Int, after: Int64?) async throws -> AccountPage {
        let rows = state.withLock { state in
            state.rows.values.filter { $0.seq > (after ?? 0) && filter.matches($0.account) }.sorted { $0.seq < $1.seq }
        }
        return AccountPage(rows: Array(rows.prefix(limit + 1)), limit: limit)
    }

    public func healthCheck() async throws {}

    public func addChangeListener(_ listener: @escaping AccountChangeListeners.Listener) {
        listeners.add(listener)
    }
}
