import Foundation
import GRDB

/// `Idempotency-Key`s in SQLite: the claim is one write transaction, so it is atomic across
/// concurrent requests; stored bodies are AES-GCM sealed like account contexts (they hold CRM data).
extension AppDatabase: IdempotencyStore {
    static func registerIdempotencyMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v2-idempotency-keys") { db in
            try db.create(table: "idempotency_key") { t in
                t.column("account_id", .text).notNull()
                t.column("key", .text).notNull()
                t.column("route", .text).notNull()
                t.column("fingerprint", .text).notNull()
                t.column("created_at", .integer).notNull().indexed()
                // NULL while the request runs.
                t.column("status", .integer)
                t.column("content_type", .text)
                t.column("body", .blob)
                t.primaryKey(["account_id", "key", "route"])
            }
        }
    }

    public func claim(_ scope: IdempotencyScope, fingerprint: String, now: Date, ttl: TimeInterval) async throws -> IdempotencyClaim {
        let box = secretBox
        return try await writer.write { db -> IdempotencyClaim in
            let cutoff = Date(timeInterval: -ttl, since: now).epochMilliseconds
            try db.execute(sql: "DELETE FROM idempotency_key WHERE created_at < ?", arguments: [cutoff])
            let arguments: StatementArguments = [scope.accountID.uuidString.lowercased(), scope.key, scope.route]
            if let row = try Row.fetchOne(db, sql: "SELECT * FROM idempotency_key WHERE account_id = ? AND key = ? AND route = ?", arguments: arguments) {
                var response: StoredResponse?
                if let status: Int = row["status"] {
                    let sealed: Data = row["body"] ?? Data()
                    response = StoredResponse(status: status, contentType: row["content_type"] ?? "application/json", body: [UInt8](try box.open(sealed)))
                }
                return IdempotencyEntryState(fingerprint: row["fingerprint"], response: response).claim(for: fingerprint)
            }
            try db.execute(
                sql: "INSERT INTO idempotency_key (account_id, key, route, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: arguments + [fingerprint, now.epochMilliseconds]
            )
            return .claimed
        }
    }

    public func complete(_ scope: IdempotencyScope, response: StoredResponse) async throws {
        let sealed = try secretBox.seal(Data(response.body))
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE idempotency_key SET status = ?, content_type = ?, body = ? WHERE account_id = ? AND key = ? AND route = ?",
                arguments: [response.status, response.contentType, sealed, scope.accountID.uuidString.lowercased(), scope.key, scope.route]
            )
        }
    }

    public func release(_ scope: IdempotencyScope) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM idempotency_key WHERE account_id = ? AND key = ? AND route = ?",
                           arguments: [scope.accountID.uuidString.lowercased(), scope.key, scope.route])
        }
    }
}
