import Foundation
import GRDB

/// The SQLite account store: owns a GRDB writer (a `DatabasePool` in WAL mode for files) and its
/// versioned migrations. The `AccountStore` operations live in `AppDatabase+Accounts.swift`.
///
/// Decrypted accounts are cached (`AccountCache`), kept in step by the commit of every write
/// through this instance; one process owns the file.
public final class AppDatabase: Sendable {
    let writer: any DatabaseWriter
    let secretBox: SecretBox
    /// Signs connect-flow states with a key derived from the same encryption key.
    public let connectStateSigner: ConnectStateSigner
    let cache: AccountCache
    let listeners = AccountChangeListeners()

    /// A store over `writer`, migrated. Any GRDB writer works: `DatabasePool` for a file,
    /// `DatabaseQueue()` for a throwaway in-memory database.
    public init(writer: any DatabaseWriter, encryptionKey: EncryptionKey, accountCacheCapacity: Int = AccountCache.defaultCapacity) throws {
        self.writer = writer
        self.secretBox = SecretBox(key: encryptionKey)
        self.connectStateSigner = ConnectStateSigner(encryptionKey: encryptionKey)
        self.cache = AccountCache(capacity: accountCacheCapacity)
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file at `path` in WAL mode and migrates it.
    public convenience init(path: String, encryptionKey: EncryptionKey, accountCacheCapacity: Int = AccountCache.defaultCapacity) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // DatabasePool opens the file in WAL mode.
        try self.init(writer: DatabasePool(path: path, configuration: configuration), encryptionKey: encryptionKey,
                      accountCacheCapacity: accountCacheCapacity)
    }

    /// The journal mode SQLite reports (expected `wal` for a file).
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
        registerIdempotencyMigration(&migrator)
        registerEventMigration(&migrator)
        registerOAuthAppMigration(&migrator)
        registerOAuthStateMigration(&migrator)
        registerWebhookMigration(&migrator)
        registerPollMigration(&migrator)
        registerInboundWebhookMigration(&migrator)
        return migrator
    }
}
