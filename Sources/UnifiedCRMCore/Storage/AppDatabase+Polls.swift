import Foundation
import GRDB

/// Poll states in SQLite; a run's events and its new watermark commit together.
extension AppDatabase: PollStore {
    static func registerPollMigration(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-polls") { db in
            try db.create(table: "poll_state") { t in
                t.column("account_id", .text).notNull()
                t.column("resource", .text).notNull()
                t.column("interval_seconds", .integer).notNull()
                t.column("watermark", .integer)
                t.column("boundary_ids", .text).notNull()
                t.column("next_run_at", .integer).notNull().indexed()
                t.primaryKey(["account_id", "resource"])
            }
        }
        migrator.registerMigration("v9-poll-deletions") { db in
            try db.alter(table: "poll_state") { t in
                t.add(column: "deletion_watermark", .integer)
                t.add(column: "deletion_boundary_ids", .text).notNull().defaults(to: "[]")
            }
        }
    }

    public func polls(accountID: UUID) async throws -> [PollState] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM poll_state WHERE account_id = ? ORDER BY resource", arguments: [accountID.uuidString.lowercased()]).map(Self.poll(from:))
        }
    }

    public func setPolls(accountID: UUID, _ polls: [PollState]) async throws {
        try await writer.write { db in
            let key = accountID.uuidString.lowercased()
            let kept = polls.map(\.resource)
            let existing = try Row.fetchAll(db, sql: "SELECT * FROM poll_state WHERE account_id = ?", arguments: [key]).map(Self.poll(from:))
            for old in existing where !kept.contains(old.resource) {
                try db.execute(sql: "DELETE FROM poll_state WHERE account_id = ? AND resource = ?", arguments: [key, old.resource])
            }
            for poll in polls {
                // A resource already polled keeps its watermark; only its interval changes.
                if existing.contains(where: { $0.resource == poll.resource }) {
                    try db.execute(sql: "UPDATE poll_state SET interval_seconds = ? WHERE account_id = ? AND resource = ?", arguments: [poll.intervalSeconds, key, poll.resource])
                } else {
                    try Self.write(poll, db: db)
                }
            }
        }
    }

    public func duePolls(now: Date) async throws -> [PollState] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM poll_state WHERE next_run_at <= ? ORDER BY next_run_at LIMIT 100", arguments: [now.epochMilliseconds]).map(Self.poll(from:))
        }
    }

    @discardableResult
    public func commitPoll(_ state: PollState, events: [WebhookEvent]) async throws -> Int {
        try await writer.write { db in
            let key = state.accountID.uuidString.lowercased()
            // Polling turned off meanwhile: nothing is committed.
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM poll_state WHERE account_id = ? AND resource = ?", arguments: [key, state.resource]) == true else { return 0 }
            try Self.write(state, db: db)
            // A change made through the unified API was announced when it was written.
            var emitted = 0
            for event in events {
                guard let event = try Self.withoutEcho(event, db: db) else { continue }
                _ = try Self.queue(event, to: nil, db: db)
                emitted += 1
            }
            return emitted
        }
    }

    private static func write(_ poll: PollState, db: Database) throws {
        let list = { (ids: Set<String>) in String(decoding: JSONWriter.encode(.array(ids.sorted().map(JSONValue.string))), as: UTF8.self) }
        try db.execute(sql: """
            INSERT INTO poll_state (account_id, resource, interval_seconds, watermark, boundary_ids, deletion_watermark, deletion_boundary_ids, next_run_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(account_id, resource) DO UPDATE SET interval_seconds = excluded.interval_seconds, watermark = excluded.watermark,
              boundary_ids = excluded.boundary_ids, deletion_watermark = excluded.deletion_watermark,
              deletion_boundary_ids = excluded.deletion_boundary_ids, next_run_at = excluded.next_run_at
            """, arguments: [poll.accountID.uuidString.lowercased(), poll.resource, poll.intervalSeconds, poll.watermark?.epochMilliseconds, list(poll.boundaryIDs),
                             poll.deletionWatermark?.epochMilliseconds, list(poll.deletionBoundaryIDs), poll.nextRunAt.epochMilliseconds])
    }

    private static func poll(from row: Row) throws -> PollState {
        let account: String = row["account_id"], boundary: String = row["boundary_ids"], deleted: String = row["deletion_boundary_ids"]
        guard let id = UUID(uuidString: account) else { throw AccountStoreError.corruptEvent(account) }
        let ids = { (text: String) in Set((try JSONParser.parse(Array(text.utf8), limits: .configurationFile).arrayValue ?? []).compactMap(\.stringValue)) }
        return PollState(accountID: id, resource: row["resource"], intervalSeconds: row["interval_seconds"],
                         watermark: (row["watermark"] as Int64?).map(Date.init(epochMilliseconds:)), boundaryIDs: try ids(boundary),
                         deletionWatermark: (row["deletion_watermark"] as Int64?).map(Date.init(epochMilliseconds:)), deletionBoundaryIDs: try ids(deleted),
                         nextRunAt: Date(epochMilliseconds: row["next_run_at"]))
    }
}
