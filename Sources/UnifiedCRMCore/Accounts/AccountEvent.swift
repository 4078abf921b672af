import Foundation
import Synchronization

/// Something that happened to an integrated account, kept for `GET /integrated-account/{id}/events`:
/// status changes, scope denials, and (with OAuth) token refreshes and their failures. Never holds
/// a secret: `details` carries codes and names only.
public struct AccountEvent: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case statusChanged = "status_changed"
        case scopeDenied = "scope_denied"
        case tokenRefreshed = "token_refreshed"
        case refreshFailed = "refresh_failed"
        /// The server could not register the account's webhook at the provider (Pipedrive).
        case webhookRegistrationFailed = "webhook_registration_failed"
    }

    public var id: UUID
    public var accountID: UUID
    public var kind: Kind
    public var message: String
    public var details: [String: JSONValue]
    public var createdAt: Date

    public init(id: UUID = UUID(), accountID: UUID, kind: Kind, message: String, details: [String: JSONValue] = [:], createdAt: Date = Date()) {
        self.id = id
        self.accountID = accountID
        self.kind = kind
        self.message = message
        self.details = details
        self.createdAt = Date(epochMilliseconds: createdAt.epochMilliseconds)
    }

    /// As callers see it: `{id, type, message, details, created_at}`.
    public var json: JSONValue {
        .object([
            "id": .string(id.uuidString.lowercased()), "type": .string(kind.rawValue), "message": .string(message),
            "details": .object(details), "created_at": .string(createdAt.iso8601Milliseconds),
        ])
    }
}

/// One page of an account's events, oldest first, and the position after its last one.
public struct AccountEventPage: Sendable {
    public var events: [AccountEvent]
    public var nextAfter: Int64?

    public init(events: [AccountEvent], nextAfter: Int64?) {
        self.events = events
        self.nextAfter = nextAfter
    }
}

/// Where account events are kept (SQLite now, PostgreSQL later).
public protocol AccountEventStore: Sendable {
    func appendEvent(_ event: AccountEvent) async throws
    /// The account's events after keyset position `after`, at most `limit`.
    func events(accountID: UUID, limit: Int, after: Int64?) async throws -> AccountEventPage
}

/// Account events in memory (tests).
public final class InMemoryAccountEventStore: AccountEventStore {
    private let log = Mutex<[AccountEvent]>([])

    public init() {}

    public func appendEvent(_ event: AccountEvent) async throws { log.withLock { $0.append(event) } }

    public func events(accountID: UUID, limit: Int, after: Int64?) async throws -> AccountEventPage {
        log.withLock { log in
            let positioned = log.enumerated().filter { $0.element.accountID == accountID && Int64($0.offset + 1) > (after ?? 0) }
            let page = positioned.prefix(limit)
            return AccountEventPage(events: page.map(\.element), nextAfter: positioned.count > limit ? page.last.map { Int64($0.offset + 1) } : nil)
        }
    }
}
