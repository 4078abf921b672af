import Foundation
import Synchronization

/// A committed change of one integrated account, as announced to a store's listeners.
public enum AccountChange: Sendable, Equatable {
    case created(IntegratedAccount)
    /// The account as it was committed.
    case updated(IntegratedAccount)
    /// The account as it was before it was deleted.
    case deleted(IntegratedAccount)

    public var account: IntegratedAccount {
        switch self {
        case .created(let account), .updated(let account), .deleted(let account): account
        }
    }

    public var id: UUID { account.id }
}

/// The listeners of a store's account changes. Each is called once a change is committed, in
/// commit order, on the writer's thread: keep it short and do not call back into the store.
public final class AccountChangeListeners: Sendable {
    public typealias Listener = @Sendable (AccountChange) -> Void

    private let listeners = Mutex<[Listener]>([])

    public init() {}

    public func add(_ listener: @escaping Listener) {
        listeners.withLock { $0.append(listener) }
    }

    /// Calls every listener with `change`; a store calls it as the change commits.
    public func notify(_ change: AccountChange) {
        for listener in listeners.withLock({ $0 }) { listener(change) }
    }
}
