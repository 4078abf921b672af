import Foundation
import Logging

/// Polling for CRMs (or apps) without provider webhooks: per account and resource, an opt-in
/// poller walks the unified list and emits `record:created` / `record:updated` for records whose
/// `updated_at` is past its persisted watermark, and `record:deleted` for records the provider's
/// list shows as deleted since (where the mapping declares `deletions`: HubSpot archived deals,
/// Pipedrive deleted deals). The first run only sets the watermarks (enabling polling does not
/// replay history). Events and the new watermarks are committed together, so a change is emitted
/// once across restarts; a change written through the unified API was announced then and is not
/// emitted again. Requests go through the unified service: the account's
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
        var state = poll.rescheduled(after: now)
        let updates = try await walk(poll.resource, account: account, remoteQuery: [:], since: poll.watermark, boundary: poll.boundaryIDs) { record in
            record["updated_at"]?.stringValue.flatMap(Date.init(iso8601:))
        }
        state.watermark = updates.newest ?? poll.watermark ?? now
        // Every record at exactly the new watermark has been seen (emitted now, or before).
        state.boundaryIDs = state.watermark == poll.watermark ? poll.boundaryIDs.union(updates.atNewest) : updates.atNewest
        var events = updates.changed.map { change -> WebhookEvent in
            let created = change.record["created_at"]?.stringValue.flatMap(Date.init(iso8601:)) ?? .distantPast
            let isNew = poll.watermark.map { created > $0 } ?? false
            return WebhookEmitter.recordEvent(isNew ? .recordCreated : .recordUpdated, account: account, resource: poll.resource, id: change.id, record: change.record, changedFields: nil)
        }
        if let deletions = unified.mappings.mappings[account.integration]?.resources[poll.resource]?.deletions {
            let query = Dictionary(deletions.query.map { ($0.0, JSONValue.string($0.1)) }) { first, _ in first }
            let deleted = try await walk(poll.resource, account: account, remoteQuery: query, since: poll.deletionWatermark, boundary: poll.deletionBoundaryIDs,
                                         remoteData: true) { record in
                record["remote_data"]?.value(at: deletions.deletedAtPath).flatMap { $0.stringValue.flatMap(Date.init(iso8601:)) }
            }
            state.deletionWatermark = deleted.newest ?? poll.deletionWatermark ?? now
            state.deletionBoundaryIDs = state.deletionWatermark == poll.deletionWatermark ? poll.deletionBoundaryIDs.union(deleted.atNewest) : deleted.atNewest
            events += deleted.changed.map { WebhookEmitter.recordEvent(.recordDeleted, account: account, resource: poll.resource, id: $0.id, record: nil, changedFields: nil) }
        }
        let emitted = try await store.commitPoll(state, events: events)
        if emitted > 0 { unified.webhooks?.wake() }
        return emitted
    }

    /// Walks the unified list (with `remoteQuery`) and answers the records whose time is past
    /// `since` (or at it and not in `boundary`), oldest first, with the newest time seen and the
    /// ids at it. Before the first run (`since` nil) nothing is changed: the watermark is set.
    func walk(_ resource: String, account: IntegratedAccount, remoteQuery: [String: JSONValue], since: Date?, boundary: Set<String>, remoteData: Bool = false,
              time: (JSONValue) -> Date?) async throws -> (changed: [(id: String, record: JSONValue)], newest: Date?, atNewest: Set<String>) {
        var changed: [(id: String, time: Date, record: JSONValue)] = []
        var newest = since
        var atNewest: Set<String> = []
        var cursor: String?
        for _ in 0..<Self.maxPages {
            var query = UnifiedQuery(accountID: account.id)
            query.ignoreRemoteData = !remoteData
            query.remoteQuery = remoteQuery
            query.cursor = cursor
            let page = try JSONParser.parse(try await unified.list(resource: resource, query: query).body, limits: .providerResponse)
            for var record in page["result"]?.arrayValue ?? [] {
                guard let id = record["id"]?.scalarText, let at = time(record) else { continue }
                if newest.map({ at > $0 }) ?? true { newest = at; atNewest = [] }
                if at == newest { atNewest.insert(id) }
                guard let since else { continue }
                if at > since || (at == since && !boundary.contains(id)) {
                    if remoteData { record.remove(at: ["remote_data"]) }
                    changed.append((id, at, record))
                }
            }
            guard let next = page["next_cursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        return (changed.sorted { $0.time < $1.time }.map { ($0.id, $0.record) }, newest, atNewest)
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
    /// The newest deletion time seen in the list of deleted records, and the records at it.
    public var deletionWatermark: Date?
    public var deletionBoundaryIDs: Set<String>
    public var nextRunAt: Date

    public init(accountID: UUID, resource: String, intervalSeconds: Int, watermark: Date? = nil, boundaryIDs: Set<String> = [],
                deletionWatermark: Date? = nil, deletionBoundaryIDs: Set<String> = [], nextRunAt: Date) {
        self.deletionWatermark = deletionWatermark.map { Date(epochMilliseconds: $0.epochMilliseconds) }
        self.deletionBoundaryIDs = deletionBoundaryIDs
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
    /// Answers how many events were emitted (a change written through the unified API is not).
    @discardableResult func commitPoll(_ state: PollState, events: [WebhookEvent]) async throws -> Int
}
