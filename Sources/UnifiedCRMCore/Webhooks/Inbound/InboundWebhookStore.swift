import Foundation

/// A provider's webhook request, verified and kept until its events are emitted (so a crash after
/// the provider got its 2xx loses nothing).
public struct InboundWebhookItem: Sendable, Equatable {
    public var seq: Int64
    public var integration: String
    /// Set when the request came to the account's own URL (`/integrated-account-webhook/{id}`).
    public var accountID: UUID?
    public var body: [UInt8]
    public var receivedAt: Date
    public var attempts: Int

    public init(seq: Int64 = 0, integration: String, accountID: UUID?, body: [UInt8], receivedAt: Date, attempts: Int = 0) {
        self.seq = seq
        self.integration = integration
        self.accountID = accountID
        self.body = body
        self.receivedAt = Date(epochMilliseconds: receivedAt.epochMilliseconds)
        self.attempts = attempts
    }
}

/// What the server knows of an account's side at the provider: its provider-side id (to route
/// app-level webhooks) and the webhook it registered there with generated credentials.
public struct AccountWebhookLink: Sendable, Equatable {
    public var accountID: UUID
    public var integration: String
    public var remoteID: String?
    public var registrationID: String?
    public var user: String?
    public var password: String?

    public init(accountID: UUID, integration: String, remoteID: String? = nil, registrationID: String? = nil, user: String? = nil, password: String? = nil) {
        self.accountID = accountID
        self.integration = integration
        self.remoteID = remoteID
        self.registrationID = registrationID
        self.user = user
        self.password = password
    }
}

/// How an emitted record event meets the provider's echo of a write made through the unified API.
public enum EchoHandling: Sendable, Equatable {
    case none
    /// A write through the unified API: remember which fields it may have changed (nil = all), so
    /// the provider's webhook about the same change is not emitted a second time.
    case remember(fields: [String]?)
    /// A provider event: dropped (or narrowed to the fields not covered) when it echoes a remembered write.
    case suppress
}

/// Where inbound webhook requests wait and account links are kept (SQLite now, PostgreSQL later).
public protocol InboundWebhookStore: Sendable {
    func enqueueInbound(_ item: InboundWebhookItem) async throws -> Int64
    /// Items due at `now`, oldest first.
    func dueInbound(now: Date, limit: Int) async throws -> [InboundWebhookItem]
    /// Emits `events` (echoes suppressed) and removes the item, in one transaction; answers the
    /// deliveries queued.
    @discardableResult func completeInbound(seq: Int64, events: [WebhookEvent]) async throws -> Int
    /// Keeps the item for another attempt at `retryAt` (nil: give up and drop it).
    func retryInbound(seq: Int64, retryAt: Date?, error: String) async throws

    func accountLink(accountID: UUID) async throws -> AccountWebhookLink?
    func putAccountLink(_ link: AccountWebhookLink) async throws
    func deleteAccountLink(accountID: UUID) async throws
    /// Accounts of `integration` whose provider-side id is `remoteID`.
    func linkedAccounts(integration: String, remoteID: String) async throws -> [UUID]
}
