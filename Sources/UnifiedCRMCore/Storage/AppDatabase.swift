import Foundation
import GRDB
import Synchronization

/// The embedded database: owns the SQLite writer (WAL mode) and its versioned migrations.
/// Account reads and writes live in `AppDatabase+Accounts.swift`.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter
    let secretBox: SecretBox
    /// Decrypted accounts by id, kept in step by every write through this type, so the request
    /// path reads an account without a database hop or a decryption. One process owns the file.
    /// `generation` counts writes: a read fills the cache only if no write happened meanwhile.
    let accountCache = Mutex<(accounts: [UUID: IntegratedAccount], generation: UInt64)>(([:], 0))

    /// Opens (creating if needed) the database file at `path` and migrates it.
    public init(path: String, encryptionKey: EncryptionKey) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // DatabasePool opens the file in WAL mode.
        self.writer = try DatabasePool(path: path, configuration: configuration)
        self.secretBox = SecretBox(key: encryptionKey)
        try Self.migrator.migrate(writer)
    }

    /// Checks that the database answers a query (used by `GET /health`).
    public func healthCheck() async throws {
        _ = try await writer.read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    /// The journal mode SQLite reports (expected `wal`).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-integrated-accounts") { db in
            try db.create(table: "integrated_account") { t in
                // `seq` orders pages (keyset pagination); `id` is the public uuid.
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("tenant_id", .text).notNull().indexed()
                t.column("integration", .text).notNull().indexed()
                t.column("status", .text).notNull()
                t.column("authentication_method", .text).notNull()
                // AES-GCM sealed JSON of the whole context: no credential is stored in clear.
                t.column("context", .blob).notNull()
                // Milliseconds since the epoch (exact round trip, unlike text dates).
                t.column("created_at", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
        }
        return migrator
    }
}
