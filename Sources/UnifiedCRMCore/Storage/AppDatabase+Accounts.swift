import Foundation
import GRDB

/// One page of accounts and the position after its last one.
public struct AccountPage: Sendable {
    public var accounts: [IntegratedAccount]
    /// Keyset position to continue from, nil on the last page.
    public var nextAfter: Int64?
}

/// Filters for listing accounts.
public struct AccountFilter: Sendable {
    public var tenantId: String?
    public var integration: String?
    public init(tenantId: String? = nil, integration: String? = nil) {
        self.tenantId = tenantId
        self.integration = integration
    }
}

// MARK: - Writes

extension AppDatabase {
    public func createAccount(_ account: IntegratedAccount) async throws {
        let sealed = try secretBox.seal(account.context.encoded())
        try await writer.write { db in
            try db.execute(
                sql: """
                INSERT INTO integrated_account (id, tenant_id, integration, status, authentication_method, context, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
                arguments: [account.id.uuidString.lowercased(), account.tenantId, account.integration, account.status.rawValue,
                            account.authenticationMethod, sealed, account.createdAt.epochMilliseconds, account.updatedAt.epochMilliseconds]
            )
        }
        accountCache.withLock { $0.accounts[account.id] = account; $0.generation &+= 1 }
    }

    /// Reads, changes and writes one account in a single transaction; nil when it does not exist.
    /// `change` may throw to abandon the update (nothing is written).
    public func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void) async throws -> IntegratedAccount? {
        let updated = try await writer.write { db -> IntegratedAccount? in
            guard var account = try self.fetchAccount(db, id: id) else { return nil }
            try change(&account)
            let sealed = try self.secretBox.seal(account.context.encoded())
            try db.execute(
                sql: """
                UPDATE integrated_account SET tenant_id = ?, status = ?, authentication_method = ?, context = ?, updated_at = ?
                WHERE id = ?
                """,
                arguments: [account.tenantId, account.status.rawValue, account.authenticationMethod, sealed, account.updatedAt.epochMilliseconds,
                            id.uuidString.lowercased()]
            )
            return account
        }
        accountCache.withLock { $0.accounts[id] = updated; $0.generation &+= 1 }
        return updated
    }

    /// Deletes an account; returns it, or nil when it did not exist.
    public func deleteAccount(id: UUID) async throws -> IntegratedAccount? {
        let deleted = try await writer.write { db -> IntegratedAccount? in
            guard let account = try self.fetchAccount(db, id: id) else { return nil }
            try db.execute(sql: "DELETE FROM integrated_account WHERE id = ?", arguments: [id.uuidString.lowercased()])
            return account
        }
        accountCache.withLock { $0.accounts[id] = nil; $0.generation &+= 1 }
        return deleted
    }
}

// MARK: - Reads

extension AppDatabase {
    /// One account, from the cache when this process has seen it.
    public func account(id: UUID) async throws -> IntegratedAccount? {
        let (cached, generation) = accountCache.withLock { ($0.accounts[id], $0.generation) }
        if let cached { return cached }
        let account = try await writer.read { db in try self.fetchAccount(db, id: id) }
        if let account {
            accountCache.withLock { if $0.generation == generation { $0.accounts[id] = account } }
        }
        return account
    }

    /// Accounts in creation order after keyset position `after`, at most `limit`.
    public func listAccounts(filter: AccountFilter, limit: Int, after: Int64?) async throws -> AccountPage {
        try await writer.read { db in
            var conditions = ["seq > ?"]
            var arguments: StatementArguments = [after ?? 0]
            if let tenantId = filter.tenantId {
                conditions.append("tenant_id = ?")
                _ = arguments.append(contentsOf: [tenantId])
            }
            if let integration = filter.integration {
                conditions.append("integration = ?")
                _ = arguments.append(contentsOf: [integration])
            }
            _ = arguments.append(contentsOf: [limit + 1])
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT * FROM integrated_account WHERE \(conditions.joined(separator: " AND ")) ORDER BY seq LIMIT ?",
                arguments: arguments
            )
            let pageRows = rows.prefix(limit)
            let accounts = try pageRows.map { try self.decodeAccount($0) }
            let next: Int64? = rows.count > limit ? pageRows.last?["seq"] : nil
            return AccountPage(accounts: accounts, nextAfter: next)
        }
    }

    func fetchAccount(_ db: Database, id: UUID) throws -> IntegratedAccount? {
        try Row.fetchOne(db, sql: "SELECT * FROM integrated_account WHERE id = ?", arguments: [id.uuidString.lowercased()])
            .map(decodeAccount)
    }

    private func decodeAccount(_ row: Row) throws -> IntegratedAccount {
        let sealed: Data = row["context"]
        let context = try JSONValue.parse(secretBox.open(sealed))
        let idString: String = row["id"]
        let statusString: String = row["status"]
        return IntegratedAccount(
            id: UUID(uuidString: idString) ?? UUID(),
            tenantId: row["tenant_id"],
            integration: row["integration"],
            status: IntegratedAccount.Status(rawValue: statusString) ?? .disabled,
            authenticationMethod: row["authentication_method"],
            context: context,
            createdAt: Date(epochMilliseconds: row["created_at"]),
            updatedAt: Date(epochMilliseconds: row["updated_at"])
        )
    }
}
