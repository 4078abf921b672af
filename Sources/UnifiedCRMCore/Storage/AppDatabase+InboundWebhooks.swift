import Foundation
import GRDB

/// Inbound webhook requests waiting to be processed, account links (credentials sealed) and the
/// echoes of unified writes, in SQLite.
extension AppDatabase: InboundWebhookStore {
    /// How long a write through the unified API suppresses the provider's webhook about it.
    static let echoWindowMilliseconds: Int64 = 600_000

    static func registerInboundWebhookMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-inbound-webhooks") { db in
            try db.create(table: "webhook_inbox") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("integration", .text).notNull()
                t.column("account_id", .text)
                t.column("body", .blob).notNull()
                t.column("received_at", .integer).notNull()
                t.column("attempts", .integer).notNull()
                t.column("next_attempt_at", .integer).notNull().indexed()
                t.column("last_error", .text)
            }
            try db.create(table: "account_webhook") { t in
                t.primaryKey("account_id", .text)
                t.column("integration", .text).notNull()
                t.column("remote_id", .text)
                t.column("registration_id", .text)
                // AES-GCM sealed JSON {user, password}.
                t.column("credentials", .blob)
            }
            try db.create(index: "account_webhook_remote", on: "account_webhook", columns: ["integration", "remote_id"])
            try db.create(table: "webhook_echo") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("account_id", .text).notNull()
                t.column("resource", .text).notNull()
                t.column("record_id", .text).notNull()
                t.column("type", .text).notNull()
                // JSON array of unified field names, NULL = any field.
                t.column("fields", .text)
                // The written record's `updated_at`: a later one is another change, not the echo.
                t.column("updated_at", .text)
                t.column("expires_at", .integer).notNull()
            }
            try db.create(index: "webhook_echo_record", on: "webhook_echo", columns: ["account_id", "resource", "record_id", "type"])
            try db.alter(table: "oauth_app") { t in t.add(column: "webhook_public_key", .text) }
        }
    }

    public func enqueueInbound(_ item: InboundWebhookItem) async throws -> Int64 {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO webhook_inbox (integration, account_id, body, received_at, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 0, ?)",
                           arguments: [item.integration, item.accountID?.uuidString.lowercased(), Data(item.body), item.receivedAt.epochMilliseconds, item.receivedAt.epochMilliseconds])
            return db.lastInsertedRowID
        }
    }

    public func dueInbound(now: Date, limit: Int) async throws -> [InboundWebhookItem] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_inbox WHERE next_attempt_at <= ? ORDER BY seq LIMIT ?", arguments: [now.epochMilliseconds, limit]).map { row in
                let body: Data = row["body"], account: String? = row["account_id"]
                return InboundWebhookItem(seq: row["seq"], integration: row["integration"], accountID: account.flatMap(UUID.init(uuidString:)), body: Array(body),
                                          receivedAt: Date(epochMilliseconds: row["received_at"]), attempts: row["attempts"])
            }
        }
    }

    @discardableResult
    public func completeInbound(seq: Int64, events: [WebhookEvent]) async throws -> Int {
        try await writer.write { db in
            var queued = 0
            for event in events {
                guard let narrowed = try Self.withoutEcho(event, db: db) else { continue }
                queued += try Self.queue(narrowed, to: nil, db: db)
            }
            try db.execute(sql: "DELETE FROM webhook_inbox WHERE seq = ?", arguments: [seq])
            return queued
        }
    }

    public func retryInbound(seq: Int64, retryAt: Date?, error: String) async throws {
        try await writer.write { db in
            if let retryAt {
                try db.execute(sql: "UPDATE webhook_inbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE seq = ?",
                               arguments: [retryAt.epochMilliseconds, String(error.prefix(500)), seq])
            } else {
                try db.execute(sql: "DELETE FROM webhook_inbox WHERE seq = ?", arguments: [seq])
            }
        }
    }

    public func accountLink(accountID: UUID) async throws -> AccountWebhookLink? {
        let box = secretBox
        return try await writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM account_webhook WHERE account_id = ?", arguments: [accountID.uuidString.lowercased()]) else { return nil }
            var link = AccountWebhookLink(accountID: accountID, integration: row["integration"], remoteID: row["remote_id"], registrationID: row["registration_id"])
            if let sealed = row["credentials"] as Data? {
                let credentials = try JSONValue.parse(try box.open(sealed), limits: .configurationFile)
                link.user = credentials["user"]?.stringValue
                link.password = credentials["password"]?.stringValue
            }
            return link
        }
    }

    public func putAccountLink(_ link: AccountWebhookLink) async throws {
        let sealed: Data? = if let user = link.user, let password = link.password {
            try secretBox.seal(JSONValue.object(["user": .string(user), "password": .string(password)]).encoded())
        } else { nil }
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO account_webhook (account_id, integration, remote_id, registration_id, credentials) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(account_id) DO UPDATE SET integration = excluded.integration, remote_id = excluded.remote_id,
                  registration_id = excluded.registration_id, credentials = excluded.credentials
                """, arguments: [link.accountID.uuidString.lowercased(), link.integration, link.remoteID, link.registrationID, sealed])
        }
    }

    public func deleteAccountLink(accountID: UUID) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM account_webhook WHERE account_id = ?", arguments: [accountID.uuidString.lowercased()])
        }
    }

    public func linkedAccounts(integration: String, remoteID: String) async throws -> [UUID] {
        try await writer.read { db in
            try String.fetchAll(db, sql: "SELECT account_id FROM account_webhook WHERE integration = ? AND remote_id = ?", arguments: [integration, remoteID])
                .compactMap(UUID.init(uuidString:))
        }
    }

    /// Inside a write: remembers that a unified write changed `fields` of the event's record.
    static func rememberEcho(_ event: WebhookEvent, fields: [String]?, db: Database) throws {
        guard let key = echoKey(event) else { return }
        let now = Date().epochMilliseconds
        try db.execute(sql: "DELETE FROM webhook_echo WHERE expires_at < ?", arguments: [now])
        let list = fields.map { String(decoding: JSONWriter.encode(.array($0.map(JSONValue.string))), as: UTF8.self) }
        try db.execute(sql: "INSERT INTO webhook_echo (account_id, resource, record_id, type, fields, updated_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [key.account, key.resource, key.record, event.type.rawValue, list, event.payload["record"]?["updated_at"]?.stringValue,
                                   now + echoWindowMilliseconds])
    }

    /// Inside a write: the provider's (or a poller's) event without what remembered writes already
    /// announced (nil when nothing is left). Each remembered field absorbs one echo; an event whose
    /// record was updated after the remembered write is not its echo.
    static func withoutEcho(_ event: WebhookEvent, db: Database) throws -> WebhookEvent? {
        guard let key = echoKey(event) else { return event }
        let updatedAt = event.payload["record"]?["updated_at"]?.stringValue
        let rows = try Row.fetchAll(db, sql: """
            SELECT seq, fields, updated_at FROM webhook_echo WHERE account_id = ? AND resource = ? AND record_id = ? AND type = ? AND expires_at >= ? ORDER BY seq
            """, arguments: [key.account, key.resource, key.record, event.type.rawValue, Date().epochMilliseconds])
            .filter { row in updatedAt == nil || (row["updated_at"] as String?).map { $0 == updatedAt } ?? true }
        guard !rows.isEmpty else { return event }
        let changed = event.payload["changed_fields"]?.arrayValue?.compactMap(\.stringValue)
        guard event.type == .recordUpdated, var remaining = changed else {
            try db.execute(sql: "DELETE FROM webhook_echo WHERE seq = ?", arguments: [rows[0]["seq"] as Int64])
            return nil
        }
        for row in rows where !remaining.isEmpty {
            let seq: Int64 = row["seq"]
            guard let text = row["fields"] as String? else {
                try db.execute(sql: "DELETE FROM webhook_echo WHERE seq = ?", arguments: [seq])
                remaining = []
                break
            }
            var covered = Set((try JSONParser.parse(Array(text.utf8), limits: .configurationFile).arrayValue ?? []).compactMap(\.stringValue))
            let absorbed = covered.intersection(remaining)
            guard !absorbed.isEmpty else { continue }
            remaining.removeAll { absorbed.contains($0) }
            covered.subtract(absorbed)
            if covered.isEmpty {
                try db.execute(sql: "DELETE FROM webhook_echo WHERE seq = ?", arguments: [seq])
            } else {
                try db.execute(sql: "UPDATE webhook_echo SET fields = ? WHERE seq = ?",
                               arguments: [String(decoding: JSONWriter.encode(.array(covered.sorted().map(JSONValue.string))), as: UTF8.self), seq])
            }
        }
        guard !remaining.isEmpty else { return nil }
        var narrowed = event
        if case .object(var payload) = event.payload {
            payload["changed_fields"] = .array(remaining.map(JSONValue.string))
            narrowed.payload = .object(payload)
        }
        return narrowed
    }

    private static func echoKey(_ event: WebhookEvent) -> (account: String, resource: String, record: String)? {
        guard [.recordCreated, .recordUpdated, .recordDeleted].contains(event.type), let account = event.accountID,
              let resource = event.payload["resource"]?.stringValue, let record = event.payload["id"]?.stringValue else { return nil }
        return (account.uuidString.lowercased(), resource, record)
    }
}
