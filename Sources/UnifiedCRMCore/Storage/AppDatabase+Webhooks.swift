import Foundation
import GRDB

/// Webhook subscriptions (secret sealed), events and deliveries in SQLite. An event and its
/// deliveries are written in one transaction, so an accepted event is never lost to a crash.
extension AppDatabase: WebhookStore {
    static func registerWebhookMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-webhooks") { db in
            try db.create(table: "webhook") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("target_url", .text).notNull()
                t.column("event_types", .text).notNull()
                t.column("integrated_account_id", .text)
                t.column("tenant_id", .text)
                t.column("is_active", .boolean).notNull()
                t.column("status", .text).notNull()
                t.column("secret", .blob).notNull()
                t.column("created_at", .integer).notNull()
                t.column("updated_at", .integer).notNull()
            }
            try db.create(table: "webhook_event") { t in
                t.primaryKey("id", .text)
                t.column("type", .text).notNull()
                t.column("account_id", .text)
                t.column("tenant_id", .text)
                t.column("payload", .text).notNull()
                t.column("ordering_key", .text).notNull()
                t.column("created_at", .integer).notNull()
            }
            try db.create(table: "webhook_delivery") { t in
                t.autoIncrementedPrimaryKey("seq")
                t.column("id", .text).notNull().unique()
                t.column("webhook_id", .text).notNull().indexed()
                t.column("event_id", .text).notNull()
                t.column("ordering_key", .text).notNull()
                t.column("status", .text).notNull()
                t.column("attempts", .text).notNull()
                t.column("next_attempt_at", .integer)
            }
            try db.create(index: "webhook_delivery_due", on: "webhook_delivery", columns: ["status", "next_attempt_at"])
        }
    }

    public func createWebhook(_ webhook: WebhookSubscription) async throws {
        let sealed = try secretBox.seal(Data(webhook.secret.utf8))
        try await writer.write { db in
            try db.execute(sql: """
                INSERT INTO webhook (id, target_url, event_types, integrated_account_id, tenant_id, is_active, status, secret, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: Self.webhookArguments(webhook, sealed: sealed))
        }
    }

    public func webhook(id: UUID) async throws -> WebhookSubscription? {
        let box = secretBox
        return try await writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [id.uuidString.lowercased()]).map { try Self.webhook(from: $0, box: box) }
        }
    }

    public func listWebhooks(limit: Int, after: Int64?) async throws -> (webhooks: [WebhookSubscription], nextAfter: Int64?) {
        let box = secretBox
        return try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM webhook WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [after ?? 0, limit + 1])
            let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
            return (try rows.prefix(limit).map { try Self.webhook(from: $0, box: box) }, next)
        }
    }

    public func updateWebhook(id: UUID, _ change: @Sendable @escaping (inout WebhookSubscription) throws -> Void) async throws -> WebhookSubscription? {
        let box = secretBox
        return try await writer.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [id.uuidString.lowercased()]) else { return nil }
            var webhook = try Self.webhook(from: row, box: box)
            try change(&webhook)
            let sealed = try box.seal(Data(webhook.secret.utf8))
            var arguments = Self.webhookArguments(webhook, sealed: sealed)
            _ = arguments.append(contentsOf: [id.uuidString.lowercased()] as StatementArguments)
            try db.execute(sql: """
                UPDATE webhook SET id = ?, target_url = ?, event_types = ?, integrated_account_id = ?, tenant_id = ?, is_active = ?, status = ?,
                  secret = ?, created_at = ?, updated_at = ? WHERE id = ?
                """, arguments: arguments)
            return webhook
        }
    }

    public func deleteWebhook(id: UUID) async throws -> WebhookSubscription? {
        let box = secretBox
        return try await writer.write { db in
            let key = id.uuidString.lowercased()
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook WHERE id = ?", arguments: [key]) else { return nil }
            try db.execute(sql: "DELETE FROM webhook_delivery WHERE webhook_id = ?", arguments: [key])
            try db.execute(sql: "DELETE FROM webhook WHERE id = ?", arguments: [key])
            return try Self.webhook(from: row, box: box)
        }
    }

    @discardableResult
    public func emit(_ event: WebhookEvent, to only: UUID?, echo: EchoHandling) async throws -> Int {
        try await writer.write { db in
            switch echo {
            case .none: return try Self.queue(event, to: only, db: db)
            case .remember(let fields):
                try Self.rememberEcho(event, fields: fields, db: db)
                return try Self.queue(event, to: only, db: db)
            case .suppress:
                guard let narrowed = try Self.withoutEcho(event, db: db) else { return 0 }
                return try Self.queue(narrowed, to: only, db: db)
            }
        }
    }

    public func hasSubscribers(_ type: WebhookEventType, accountID: UUID?, tenantID: String?) async throws -> Bool {
        let probe = WebhookEvent(type: type, accountID: accountID, tenantID: tenantID, payload: .null, orderingKey: "")
        return try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook WHERE is_active = 1").contains { try Self.webhook(from: $0, box: nil).matches(probe) }
        }
    }

    /// Inside a write: records `event` and one delivery per matching subscription (or only `only`).
    static func queue(_ event: WebhookEvent, to only: UUID?, db: Database) throws -> Int {
        var sql = "SELECT * FROM webhook"
        var arguments: StatementArguments = []
        if let only { sql += " WHERE id = ?"; arguments = [only.uuidString.lowercased()] }
        let targets = try Row.fetchAll(db, sql: sql, arguments: arguments).map { try webhook(from: $0, box: nil) }
            .filter { only != nil || $0.matches(event) }
        guard !targets.isEmpty else { return 0 }
        let payload = String(decoding: JSONWriter.encode(event.payload), as: UTF8.self)
        try db.execute(sql: "INSERT OR IGNORE INTO webhook_event (id, type, account_id, tenant_id, payload, ordering_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [event.id.uuidString.lowercased(), event.type.rawValue, event.accountID?.uuidString.lowercased(), event.tenantID,
                                   payload, event.orderingKey, event.createdAt.epochMilliseconds])
        for target in targets {
            try db.execute(sql: "INSERT INTO webhook_delivery (id, webhook_id, event_id, ordering_key, status, attempts, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', '[]', ?)",
                           arguments: [UUID().uuidString.lowercased(), target.id.uuidString.lowercased(), event.id.uuidString.lowercased(), event.orderingKey,
                                       event.createdAt.epochMilliseconds])
        }
        return targets.count
    }

    public func dueDeliveries(now: Date, limit: Int) async throws -> [WebhookDelivery] {
        try await writer.read { db in
            // The oldest pending delivery of each (subscription, record) goes first: order is kept per record.
            let rows = try Row.fetchAll(db, sql: """
                \(Self.deliveryColumns)
                WHERE d.status = 'pending' AND d.next_attempt_at <= ?
                  AND NOT EXISTS (SELECT 1 FROM webhook_delivery p WHERE p.webhook_id = d.webhook_id AND p.ordering_key = d.ordering_key
                                  AND p.status = 'pending' AND p.seq < d.seq)
                ORDER BY d.seq LIMIT ?
                """, arguments: [now.epochMilliseconds, limit])
            return try rows.map(Self.delivery(from:))
        }
    }

    public func recordAttempt(deliveryID: UUID, _ attempt: WebhookDelivery.Attempt, status: WebhookDelivery.Status, nextAttemptAt: Date?) async throws {
        try await writer.write { db in
            let key = deliveryID.uuidString.lowercased()
            guard let text = try String.fetchOne(db, sql: "SELECT attempts FROM webhook_delivery WHERE id = ?", arguments: [key]) else { return }
            var attempts = (try? JSONParser.parse(Array(text.utf8), limits: .configurationFile).arrayValue) ?? []
            attempts.append(attempt.json)
            if attempts.count > 100 { attempts.removeFirst(attempts.count - 100) }
            try db.execute(sql: "UPDATE webhook_delivery SET attempts = ?, status = ?, next_attempt_at = ? WHERE id = ?",
                           arguments: [String(decoding: JSONWriter.encode(.array(attempts)), as: UTF8.self), status.rawValue, nextAttemptAt?.epochMilliseconds, key])
        }
    }

    public func deliveries(webhookID: UUID, limit: Int, after: Int64?) async throws -> WebhookDeliveryPage {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                \(Self.deliveryColumns)
                WHERE d.webhook_id = ? AND d.seq < ? ORDER BY d.seq DESC LIMIT ?
                """, arguments: [webhookID.uuidString.lowercased(), after ?? Int64.max, limit + 1])
            let next: Int64? = rows.count > limit ? rows[limit - 1]["seq"] : nil
            return WebhookDeliveryPage(deliveries: try rows.prefix(limit).map(Self.delivery(from:)), nextAfter: next)
        }
    }

    public func delivery(id: UUID) async throws -> WebhookDelivery? {
        try await writer.read { db in
            try Row.fetchOne(db, sql: """
                \(Self.deliveryColumns) WHERE d.id = ?
                """, arguments: [id.uuidString.lowercased()]).map(Self.delivery(from:))
        }
    }

    public func requeue(deliveryID: UUID, at: Date) async throws -> Bool {
        try await writer.write { db in
            try db.execute(sql: "UPDATE webhook_delivery SET status = 'pending', next_attempt_at = ? WHERE id = ?", arguments: [at.epochMilliseconds, deliveryID.uuidString.lowercased()])
            return db.changesCount == 1
        }
    }

    /// A delivery with its event.
    static let deliveryColumns = "SELECT d.*, e.type, e.account_id, e.tenant_id, e.payload, e.created_at FROM webhook_delivery d JOIN webhook_event e ON e.id = d.event_id"

    private static func webhookArguments(_ webhook: WebhookSubscription, sealed: Data) -> StatementArguments {
        [webhook.id.uuidString.lowercased(), webhook.targetURL, String(decoding: JSONWriter.encode(.array(webhook.eventTypes.map { .string($0.rawValue) })), as: UTF8.self),
         webhook.integratedAccountID?.uuidString.lowercased(), webhook.tenantID, webhook.isActive, webhook.status.rawValue, sealed,
         webhook.createdAt.epochMilliseconds, webhook.updatedAt.epochMilliseconds]
    }

    /// A stored subscription; without `box` the secret stays sealed (`""`): matching needs no secret.
    private static func webhook(from row: Row, box: SecretBox?) throws -> WebhookSubscription {
        let id: String = row["id"], types: String = row["event_types"], sealed: Data = row["secret"], status: String = row["status"]
        let accountID: String? = row["integrated_account_id"]
        guard let uuid = UUID(uuidString: id) else { throw AccountStoreError.corruptEvent(id) }
        let eventTypes = (try JSONParser.parse(Array(types.utf8), limits: .configurationFile).arrayValue ?? []).compactMap { $0.stringValue.flatMap(WebhookEventType.init(rawValue:)) }
        return WebhookSubscription(
            id: uuid, targetURL: row["target_url"], eventTypes: eventTypes, integratedAccountID: accountID.flatMap(UUID.init(uuidString:)), tenantID: row["tenant_id"],
            isActive: row["is_active"], status: WebhookSubscription.Status(rawValue: status) ?? .active,
            secret: try box.map { String(decoding: try $0.open(sealed), as: UTF8.self) } ?? "",
            createdAt: Date(epochMilliseconds: row["created_at"]), updatedAt: Date(epochMilliseconds: row["updated_at"])
        )
    }

    private static func delivery(from row: Row) throws -> WebhookDelivery {
        let id: String = row["id"], webhookID: String = row["webhook_id"], eventID: String = row["event_id"], type: String = row["type"]
        let payload: String = row["payload"], attempts: String = row["attempts"], status: String = row["status"], accountID: String? = row["account_id"]
        guard let uuid = UUID(uuidString: id), let webhook = UUID(uuidString: webhookID), let event = UUID(uuidString: eventID),
              let kind = WebhookEventType(rawValue: type) else { throw AccountStoreError.corruptEvent(id) }
        let parsedAttempts = (try JSONParser.parse(Array(attempts.utf8), limits: .configurationFile).arrayValue ?? []).map { item in
            WebhookDelivery.Attempt(at: item["at"]?.stringValue.flatMap { Date(iso8601: $0) } ?? Date(timeIntervalSince1970: 0),
                                    status: item["status"]?.numberValue?.int64.map { Int($0) }, latencyMilliseconds: Int(item["latency_ms"]?.numberValue?.int64 ?? 0),
                                    excerpt: item["response_excerpt"]?.stringValue ?? "")
        }
        return WebhookDelivery(
            id: uuid, webhookID: webhook,
            event: WebhookEvent(id: event, type: kind, accountID: accountID.flatMap(UUID.init(uuidString:)), tenantID: row["tenant_id"],
                                payload: try JSONParser.parse(Array(payload.utf8), limits: .providerResponse), orderingKey: row["ordering_key"],
                                createdAt: Date(epochMilliseconds: row["created_at"])),
            status: WebhookDelivery.Status(rawValue: status) ?? .pending, attempts: parsedAttempts,
            nextAttemptAt: (row["next_attempt_at"] as Int64?).map(Date.init(epochMilliseconds:))
        )
    }
}

