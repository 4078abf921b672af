import Foundation
import GRDB

/// Used connect-flow states in SQLite: a nonce is inserted once; a second insert finds it.
extension AppDatabase: OAuthStateStore {
    static func registerOAuthStateMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-oauth-states") { db in
            try db.create(table: "oauth_state_use") { t in
                t.primaryKey("nonce", .text)
                t.column("expires_at", .integer).notNull().indexed()
            }
        }
    }

    public func consumeState(nonce: String, expiresAt: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM oauth_state_use WHERE expires_at < ?", arguments: [Date().epochMilliseconds])
            try db.execute(sql: "INSERT OR IGNORE INTO oauth_state_use (nonce, expires_at) VALUES (?, ?)", arguments: [nonce, expiresAt.epochMilliseconds])
            return db.changesCount == 1
        }
    }
}
