import Foundation
import AsyncHTTPClient
import Logging

/// Sends queued deliveries at least once: due ones are picked from the store (the oldest pending
/// one of each record first, so order is kept per record), signed, POSTed without following
/// redirects, and every attempt recorded. A failure is retried with exponential backoff and full
/// jitter until `retryWindow` after the event; then the delivery is `failed` and the subscription
/// `failing`. Everything lives in the store, so a restart (even after `kill -9`) resumes where it was.
public actor WebhookDeliveryWorker {
    public struct Settings: Sendable {
        public var retryWindow: TimeInterval
        public var baseBackoff: TimeInterval
        public var maxBackoff: TimeInterval
        public var timeout: Duration
        /// How often due deliveries are looked for when nothing wakes the worker.
        public var pollInterval: Duration
        public var concurrency: Int

        public init(retryWindow: TimeInterval = 24 * 3600, baseBackoff: TimeInterval = 5, maxBackoff: TimeInterval = 3600,
                    timeout: Duration = .seconds(10), pollInterval: Duration = .seconds(1), concurrency: Int = 8) {
            self.retryWindow = retryWindow
            self.baseBackoff = baseBackoff
            self.maxBackoff = maxBackoff
            self.timeout = timeout
            self.pollInterval = pollInterval
            self.concurrency = concurrency
        }
    }

    let store: any WebhookStore
    let transport: any ProviderTransport
    let policy: WebhookTargetPolicy
    let settings: Settings
    let logger: Logger
    private let loop: WakeableLoop

    public init(store: any WebhookStore, transport: any ProviderTransport, policy: WebhookTargetPolicy, settings: Settings = Settings(),
                logger: Logger = Logger(label: "unified-crm.webhooks")) {
        self.store = store
        self.transport = transport
        self.policy = policy
        self.settings = settings
        self.logger = logger
        self.loop = WakeableLoop(interval: settings.pollInterval)
    }

    /// Makes the worker look for due deliveries now (after an emit).
    public nonisolated func wake() { loop.wake() }

    /// Delivers until cancelled.
    public func run() async {
        await loop.run { await self.deliverDue() }
    }

    /// One pass: sends every due delivery (at most `concurrency` at a time) and records the results.
    public func deliverDue(now: Date = Date()) async {
        guard let due = try? await store.dueDeliveries(now: now, limit: 64), !due.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for delivery in due {
                if running == settings.concurrency { await group.next(); running -= 1 }
                group.addTask { await self.attempt(delivery) }
                running += 1
            }
        }
    }

    /// Sends one delivery now and records the outcome.
    func attempt(_ delivery: WebhookDelivery) async {
        guard let webhook = try? await store.webhook(id: delivery.webhookID) else { return }
        let started = ContinuousClock.now
        let outcome = await send(delivery, to: webhook)
        let elapsed = ContinuousClock.now - started
        let latency = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let attempt = WebhookDelivery.Attempt(at: Date(), status: outcome.status, latencyMilliseconds: latency, excerpt: outcome.excerpt)
        if let status = outcome.status, (200..<300).contains(status) {
            try? await store.recordAttempt(deliveryID: delivery.id, attempt, status: .delivered, nextAttemptAt: nil)
            return
        }
        let next = Date().addingTimeInterval(backoff(attempt: delivery.attempts.count + 1))
        if next > delivery.event.createdAt.addingTimeInterval(settings.retryWindow) {
            try? await store.recordAttempt(deliveryID: delivery.id, attempt, status: .failed, nextAttemptAt: nil)
            _ = try? await store.updateWebhook(id: webhook.id) { $0.status = .failing; $0.updatedAt = Date() }
            logger.warning("webhook delivery given up", metadata: ["webhook": .string(webhook.id.uuidString), "event": .string(delivery.event.id.uuidString)])
        } else {
            try? await store.recordAttempt(deliveryID: delivery.id, attempt, status: .pending, nextAttemptAt: next)
        }
    }

    /// Exponential backoff with full jitter: uniformly within [0, min(max, base · 2^(n-1))].
    func backoff(attempt: Int) -> TimeInterval {
        let ceiling = min(settings.maxBackoff, settings.baseBackoff * pow(2, Double(min(attempt - 1, 30))))
        return Double.random(in: 0...ceiling)
    }

    private func send(_ delivery: WebhookDelivery, to webhook: WebhookSubscription) async -> (status: Int?, excerpt: String) {
        guard let host = URLComponents(string: webhook.targetURL)?.host else { return (nil, "target_url has no host") }
        if let refusal = await policy.refusal(host: host) { return (nil, "refused: \(refusal)") }
        let body = delivery.event.envelope(webhookID: webhook.id)
        let request = ProviderRequest(method: "POST", url: webhook.targetURL, headers: WebhookSigner.headers(body: body, secret: webhook.secret, eventID: delivery.event.id), body: body)
        do {
            let response = try await transport.send(request, timeout: settings.timeout)
            return (response.status, String(decoding: response.body.prefix(512), as: UTF8.self))
        } catch is ProviderTimeoutError {
            return (nil, "no answer within \(settings.timeout)")
        } catch {
            return (nil, "could not connect")
        }
    }
}

/// The HTTP client of webhook deliveries: never follows a redirect (a receiver could otherwise
/// send a delivery to a private address the target policy refuses). Shared for the process.
public enum WebhookHTTPClient {
    public static let shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
}
