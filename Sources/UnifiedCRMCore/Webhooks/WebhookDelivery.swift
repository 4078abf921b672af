import Foundation

/// One event on its way to one subscription, with every attempt made so far
/// (`GET /webhook/{id}/deliveries`).
public struct WebhookDelivery: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// Waiting for its first or next attempt.
        case pending
        case delivered
        /// Gave up after the retry window (`POST .../retry` queues it again).
        case failed
    }

    public struct Attempt: Sendable, Equatable {
        public var at: Date
        /// The receiver's HTTP status, nil when it could not be reached.
        public var status: Int?
        public var latencyMilliseconds: Int
        /// The first bytes of the answer, or why there was none.
        public var excerpt: String

        public init(at: Date, status: Int?, latencyMilliseconds: Int, excerpt: String) {
            self.at = Date(epochMilliseconds: at.epochMilliseconds)
            self.status = status
            self.latencyMilliseconds = latencyMilliseconds
            self.excerpt = excerpt
        }

        var json: JSONValue {
            .object(["at": .string(at.iso8601Milliseconds), "status": status.map { .integer($0) } ?? .null,
                     "latency_ms": .integer(latencyMilliseconds), "response_excerpt": .string(excerpt)])
        }
    }

    public var id: UUID
    public var webhookID: UUID
    public var event: WebhookEvent
    public var status: Status
    public var attempts: [Attempt]
    public var nextAttemptAt: Date?

    public init(id: UUID, webhookID: UUID, event: WebhookEvent, status: Status, attempts: [Attempt], nextAttemptAt: Date?) {
        self.id = id
        self.webhookID = webhookID
        self.event = event
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
    }

    public var json: JSONValue {
        .object([
            "id": .string(id.uuidString.lowercased()), "webhook_id": .string(webhookID.uuidString.lowercased()),
            "event_id": .string(event.id.uuidString.lowercased()), "event": .string(event.type.rawValue),
            "status": .string(status.rawValue), "attempts": .array(attempts.map(\.json)),
            "next_attempt_at": nextAttemptAt.map { .string($0.iso8601Milliseconds) } ?? .null,
            "created_at": .string(event.createdAt.iso8601Milliseconds),
        ])
    }
}

extension WebhookStore {
    @discardableResult public func emit(_ event: WebhookEvent, to only: UUID?) async throws -> Int { try await emit(event, to: only, echo: .none) }
}

/// A page of a subscription's deliveries, newest first.
public struct WebhookDeliveryPage: Sendable {
    public var deliveries: [WebhookDelivery]
    public var nextAfter: Int64?
}

/// Where subscriptions, events and their deliveries are kept (SQLite now, PostgreSQL later).
/// `emit` writes the event and one delivery per matching subscription in one transaction.
public protocol WebhookStore: Sendable {
    func createWebhook(_ webhook: WebhookSubscription) async throws
    func webhook(id: UUID) async throws -> WebhookSubscription?
    func listWebhooks(limit: Int, after: Int64?) async throws -> (webhooks: [WebhookSubscription], nextAfter: Int64?)
    func updateWebhook(id: UUID, _ change: @Sendable @escaping (inout WebhookSubscription) throws -> Void) async throws -> WebhookSubscription?
    func deleteWebhook(id: UUID) async throws -> WebhookSubscription?

    /// Records `event` and queues it for every active subscription it matches; answers how many.
    /// `echo` pairs writes through the unified API with the provider's webhooks about them.
    @discardableResult func emit(_ event: WebhookEvent, to only: UUID?, echo: EchoHandling) async throws -> Int
    /// True when an active subscription wants events of `type` for this account and tenant (a
    /// read, so requests with no subscriber pay no write).
    func hasSubscribers(_ type: WebhookEventType, accountID: UUID?, tenantID: String?) async throws -> Bool
    /// Pending deliveries due at `now`, oldest first, at most one per (subscription, ordering key).
    func dueDeliveries(now: Date, limit: Int) async throws -> [WebhookDelivery]
    /// Records an attempt and the delivery's new state.
    func recordAttempt(deliveryID: UUID, _ attempt: WebhookDelivery.Attempt, status: WebhookDelivery.Status, nextAttemptAt: Date?) async throws
    func deliveries(webhookID: UUID, limit: Int, after: Int64?) async throws -> WebhookDeliveryPage
    func delivery(id: UUID) async throws -> WebhookDelivery?
    /// Queues a delivery again (a manual retry); false when unknown.
    func requeue(deliveryID: UUID, at: Date) async throws -> Bool
}
