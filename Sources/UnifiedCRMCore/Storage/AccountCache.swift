import Foundation
import Synchronization

/// Decrypted accounts by id, at most `capacity` of them (least recently used evicted), so the
/// request path reads an account without a database hop or a decryption.
///
/// A store keeps it in commit order: `apply(_:)` runs as each write commits, so the cache holds the
/// last committed state whatever the interleaving of writers. A read that missed fills it with
/// `fill(_:ifUnchangedSince:)`, which is dropped when any change was applied meanwhile (the
/// database may have answered from a snapshot older than that change).
public final class AccountCache: Sendable {
    public static let defaultCapacity = 1_000

    private struct State {
        var accounts: LRUDictionary<UUID, IntegratedAccount>
        /// Counts applied changes.
        var generation: UInt64 = 0
    }

    private let state: Mutex<State>

    public init(capacity: Int = AccountCache.defaultCapacity) {
        state = Mutex(State(accounts: LRUDictionary(capacity: capacity)))
    }

    /// Where a miss stands: the generation to pass to `fill` after reading the database.
    public struct Lookup: Sendable {
        public var account: IntegratedAccount?
        public var generation: UInt64
    }

    public func lookup(_ id: UUID) -> Lookup {
        state.withLock { Lookup(account: $0.accounts.value(forKey: id), generation: $0.generation) }
    }

    /// Caches what a read found, unless a change was applied since `generation`.
    public func fill(_ account: IntegratedAccount, ifUnchangedSince generation: UInt64) {
        state.withLock { state in
            if state.generation == generation { state.accounts.set(account, forKey: account.id) }
        }
    }

    /// Records a committed change. Call it from the commit itself, in commit order.
    public func apply(_ change: AccountChange) {
        state.withLock { state in
            state.generation &+= 1
            switch change {
            case .created(let account), .updated(let account): state.accounts.set(account, forKey: account.id)
            case .deleted(let account): state.accounts.removeValue(forKey: account.id)
            }
        }
    }

    /// How many accounts are cached.
    var count: Int { state.withLock { $0.accounts.count } }
}
