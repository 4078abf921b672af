import Foundation

/// Where integrated accounts are kept. The HTTP layer and the services only see this protocol:
/// `AppDatabase` keeps accounts in SQLite, `InMemoryAccountStore` in memory (tests); another
/// database only needs another conformance.
///
/// Every implementation announces each committed change to the listeners added with
/// `addChangeListener`, in commit order, so caches that depend on an account are dropped with it.
public protocol AccountStore: Sendable {
    /// Stores a new account; throws `AccountStoreError.duplicateID` when its id is taken.
    func createAccount(_ account: IntegratedAccount) async throws

    /// Reads, changes and writes one account in a single transaction; nil when it does not exist.
    /// `change` may throw to abandon the update (nothing is written); it must not change the id.
    func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void) async throws -> IntegratedAccount?

    /// Deletes an account; returns it, or nil when it did not exist.
    func deleteAccount(id: UUID) async throws -> IntegratedAccount?

    /// One account, or nil when it does not exist.
    func account(id: UUID) async throws -> IntegratedAccount?

    /// Accounts matching `filter` in creation order after keyset position `after`, at most `limit`.
    func listAccounts(filter: AccountFilter, limit: Int, after: Int64?) async throws -> AccountPage

    /// Throws when the store does not answer (used by `GET /health`).
    func healthCheck() async throws

    /// Calls `listener` after every committed change (see `AccountChangeListeners`).
    func addChangeListener(_ listener: @escaping AccountChangeListeners.Listener)
}

/// Filters for listing accounts.
public struct AccountFilter: Sendable {
    public var tenantId: String?
    public var integration: String?

    public init(tenantId: String? = nil, integration: String? = nil) {
        self.tenantId = tenantId
        self.integration = integration
    }

    public func matches(_ account: IntegratedAccount) -> Bool {
        (tenantId == nil || account.tenantId == tenantId) && (integration == nil || account.integration == integration)
    }
}

/// One page of accounts and the position after its last one.
public struct AccountPage: Sendable {
    public var accounts: [IntegratedAccount]
    /// Keyset position to continue from, nil on the last page.
    public var nextAfter: Int64?

    public init(accounts: [IntegratedAccount], nextAfter: Int64?) {
        self.accounts = accounts
        self.nextAfter = nextAfter
    }

    /// The page of `limit` accounts from rows fetched in keyset order with one extra row, whose
    /// presence says that another page follows.
    init(rows: [(seq: Int64, account: IntegratedAccount)], limit: Int) {
        let page = rows.prefix(limit)
        self.init(accounts: page.map(\.account), nextAfter: rows.count > limit ? page.last?.seq : nil)
    }
}

extension IntegratedAccount {
    /// This account after `change`, which may not change the id.
    func changed(by change: (inout IntegratedAccount) throws -> Void) throws -> IntegratedAccount {
        var account = self
        try change(&account)
        guard account.id == id else { throw AccountStoreError.idChanged(from: id, to: account.id) }
        return account
    }
}
