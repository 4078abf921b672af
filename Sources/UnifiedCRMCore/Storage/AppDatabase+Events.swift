import Foundation
import GRDB

/// Account events in SQLite, in insertion order (`seq` is the keyset position of pages).
extension AppDatabase: AccountEventStore {
    static func registerEventMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-account-events") { db in
            try db.create(table: "account_event") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("account_id", .text).notNull().indexed()
                t.column("type", .text).notNull()
                t.column("message", .text).notNull()
                t.column("details", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
        }
    }

    public func appendEvent(_ event: AccountEvent) async throws {
        let details = String(decoding: JSONWriter.encode(.object(event.details)), as: UTF8.self)
        try await writer.write { db in
            try db.execute(
                sql: "INSERT INTO account_event (id, account_id, type, message, details, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [event.id.uuidString.lowercased(), event.accountID.uuidString.lowercased(), event.kind.rawValue, event.message, details, event.createdAt.epochMilliseconds]
            )
        }
    }

    public func events(accountID: UUID, limit: Int, after: Int64?) async throws -> AccountEventPage {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM account_event WHERE account_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                                        arguments: [accountID.uuidString.lowercased(), after ?? 0, limit + 1])
            let events = try rows.prefix(limit).map { row -> AccountEvent in
                let id: String = row["id"], type: String = row["type"], details: String = row["details"]
                guard let uuid = UUID(uuidString: id), let kind = AccountEvent.Kind(rawValue: type),
                      let object = try JSONValue.parse(Data(details.utf8), limits: .configurationFile).objectValue else {
                    throw AccountStoreError.corruptEvent(id)
                }
                return AccountEvent(id: uuid, accountID: accountID, kind: kind, message: row["message"], details: object, createdAt: Date(epochMilliseconds: row["created_at"]))
            }
            let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
            return AccountEventPage(events: events, nextAfter: next)
        }
    }
}
