import Foundation
import Logging

/// Polling for CRMs (or apps) without provider webhooks: per account and resource, an opt-in
/// poller walks the unified list and emits `record:created` / `record:updated` for records whose
/// `updated_at` is past its persisted watermark. The first run only sets the watermark (enabling
/// polling does not replay history). Events and the new watermark are committed together, so a
/// change is emitted once across restarts. Deletions are not detected (the shipped providers'
/// lists do not show deleted records). Requests go through the unified service: the account's
/// status, scopes, token refresh, request budget and retries all apply.
public struct RecordPoller: Sendable {
    public let unified: UnifiedService
    public let store: any PollStore
    let logger: Logger
    /// Largest number of pages walked in one run.
    static let maxPages = 500

    public init(unified: UnifiedService, store: any PollStore, logger: Logger = Logger(label: "unified-crm.poller")) {
        self.unified = unified
        self.store = store
        self.logger = logger
    }

    /// Runs every poll that is due at `now`; answers how many events were emitted.
    @discardableResult
    public func runDue(now: Date = Date()) async -> Int {
        var emitted = 0
        for poll in (try? await store.duePolls(now: now)) ?? [] {
            do {
                emitted += try await run(poll, now: now)
            } catch {
                logger.notice("poll failed", metadata: ["account": .string(poll.accountID.uuidString), "resource": .string(poll.resource), "error": .string("\(error)")])
                try? await store.commitPoll(poll.rescheduled(after: now), events: [])
            }
        }
        return emitted
    }

    /// One run of one poll.
    func run(_ poll: PollState, now: Date) async throws -> Int {
        guard let account = try await unified.database.account(id: poll.accountID), account.status == .active else {
            try await store.commitPoll(poll.rescheduled(after: now), events: [])
            return 0
        }
        var changed: [(id: String, updated: Date, created: Date?, record: JSONValue)] = []
        var newest = poll.watermark
        var atNewest: Set<String> = []
        var cursor: String?
        for _ in 0..<Self.maxPages {
            var query = UnifiedQuery(accountID: poll.accountID)
            query.ignoreRemoteData = true
            query.cursor = cursor
            let page = try JSONParser.parse(try await unified.list(resource: poll.resource, query: query).body, limits: .providerResponse)
            for record in page["result"]?.arrayValue ?? [] {
                guard let id = record["id"]?.scalarText, let updated = record["updated_at"]?.stringValue.flatMap(Date.init(iso8601:)) else { continue }
                if newest.map({ updated > $0 }) ?? true { newest = updated; atNewest = [] }
                if updated == newest { atNewest.insert(id) }
                guard let watermark = poll.watermark else { continue }
                if updated > watermark || (updated == watermark && !poll.boundaryIDs.contains(id)) {
                    changed.append((id, updated, record["created_at"]?.stringValue.flatMap(Date.init(iso8601:)), record))
                }
            }
            guard let next = page["next_cursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        var state = poll.rescheduled(after: now)
        state.watermark = newest ?? poll.watermark ?? now
        // Every record at exactly the new watermark has been seen (emitted now, or before).
        state.boundaryIDs = state.watermark == poll.watermark ? poll.boundaryIDs.union(atNewest) : atNewest
        let events = changed.sorted { $0.updated < $1.updated }.map { change -> WebhookEvent in
            let isNew = poll.watermark.map { watermark in (change.created ?? .distantPast) > watermark } ?? false
            return WebhookEmitter.recordEvent(isNew ? .recordCreated : .recordUpdated, account: account, resource: poll.resource, id: change.id, record: change.record, changedFields: nil)
        }
        try await store.commitPoll(state, events: events)
        if !events.isEmpty { unified.webhooks?.wake() }
        return events.count
    }
}

/// What a poller remembers for one account and resource.
public struct PollState: Sendable, Equatable {
    public var accountID: UUID
    public var resource: String
    public var intervalSeconds: Int
    /// The newest `updated_at` seen; nil before the first run.
    public var watermark: Date?
    /// Records seen at exactly `watermark` (so an equal timestamp is not emitted twice).
    public var boundaryIDs: Set<String>
    public var nextRunAt: Date

    public init(accountID: UUID, resource: String, intervalSeconds: Int, watermark: Date? = nil, boundaryIDs: Set<String> = [], nextRunAt: Date) {
        self.accountID = accountID
        self.resource = resource
        self.intervalSeconds = intervalSeconds
        self.watermark = watermark.map { Date(epochMilliseconds: $0.epochMilliseconds) }
        self.boundaryIDs = boundaryIDs
        self.nextRunAt = Date(epochMilliseconds: nextRunAt.epochMilliseconds)
    }

    func rescheduled(after now: Date) -> PollState {
        var next = self
        next.nextRunAt = Date(epochMilliseconds: now.addingTimeInterval(TimeInterval(intervalSeconds)).epochMilliseconds)
        return next
    }

    public var json: JSONValue {
        .object(["resource": .string(resource), "interval_seconds": .integer(intervalSeconds),
                 "watermark": watermark.map { .string($0.iso8601Milliseconds) } ?? .null, "next_run_at": .string(nextRunAt.iso8601Milliseconds)])
    }
}

/// Where poll states are kept; `commitPoll` stores the state and queues the events in one
/// transaction (SQLite now, PostgreSQL later).
public protocol PollStore: Sendable {
    func polls(accountID: UUID) async throws -> [PollState]
    /// Replaces the account's polls (an empty list turns polling off).
    func setPolls(accountID: UUID, _ polls: [PollState]) async throws
    func duePolls(now: Date) async throws -> [PollState]
    func commitPoll(_ state: PollState, events: [WebhookEvent]) async throws
}
