import Foundation

/// One `Idempotency-Key` as it is scoped: the same key sent by two accounts, or to two routes, is
/// two different keys.
public struct IdempotencyScope: Hashable, Sendable {
    public var accountID: UUID
    public var key: String
    /// Method and path, e.g. `POST /unified/crm/opportunities`.
    public var route: String

    public init(accountID: UUID, key: String, route: String) {
        self.accountID = accountID
        self.key = key
        self.route = route
    }
}

/// A response kept for replay.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]

    public init(status: Int, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What claiming a key found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// The key is new: go ahead, then `complete` (or `release`) it.
    case claimed
    /// The same key and body were answered before: this is the answer.
    case replay(StoredResponse)
    /// The key was used with another body.
    case bodyMismatch
    /// A request with this key is still running.
    case inFlight
}

/// Where `Idempotency-Key`s and their responses are kept for 24 hours. The claim is atomic, so two
/// concurrent requests with one key cannot both proceed. SQLite now, PostgreSQL later.
public protocol IdempotencyStore: Sendable {
    /// Claims `scope` for a request whose body hashes to `fingerprint` (SHA-256, hex). An entry
    /// older than `ttl` is forgotten first.
    func claim(_ scope: IdempotencyScope, fingerprint: String, now: Date, ttl: TimeInterval) async throws -> IdempotencyClaim
    /// Stores the answer of a claimed request.
    func complete(_ scope: IdempotencyScope, response: StoredResponse) async throws
    /// Drops a claim whose request wrote nothing (so the same key may be tried again).
    func release(_ scope: IdempotencyScope) async throws
}
