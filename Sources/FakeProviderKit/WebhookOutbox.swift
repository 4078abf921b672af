import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Where a provider that configures webhooks outside its API (an app's settings page) sends them,
/// set with `PUT /__admin/webhooks`: the target URL and the provider's other settings as text
/// (`client_secret`, `app_id`, ...).
public struct WebhookTarget: Sendable, Equatable {
    public var url: String
    public var settings: [String: String]

    public init(url: String, settings: [String: String] = [:]) {
        self.url = url
        self.settings = settings
    }
}

/// An emulator's outgoing webhooks. The emulator hands it a URL and a way to build each attempt's
/// request; the outbox POSTs in the background (the API answer never waits for it), retries as
/// the provider's `WebhookPolicy` says, and records every attempt.
public final class WebhookOutbox: Sendable {
    private struct State {
        var target: WebhookTarget?
        var attempts: [WebhookAttempt] = []
        var deliveries = 0
        var inFlight = 0
        var idleWaiters: [CheckedContinuation<Void, Never>] = []
    }

    public let policy: WebhookPolicy
    private let state = Mutex(State())

    /// Attempts kept for the admin route (the oldest are dropped past this).
    static let keptAttempts = 2_000

    /// One client for every emulator of the process, never shut down; it follows no redirect
    /// (Pipedrive: "the chosen URL must not redirect").
    static let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                   configuration: .init(redirectConfiguration: .disallow, decompression: .disabled))

    public init(policy: WebhookPolicy) { self.policy = policy }

    // MARK: - Target (providers configured outside their API)

    public var target: WebhookTarget? { state.withLock { $0.target } }

    /// Sets (or with nil, removes) the target.
    public func configure(_ target: WebhookTarget?) { state.withLock { $0.target = target } }

    // MARK: - Deliveries

    /// Every attempt so far, oldest first.
    public var attempts: [WebhookAttempt] { state.withLock { $0.attempts } }

    public func clearAttempts() { state.withLock { $0.attempts.removeAll() } }

    /// Starts delivering to `url` and returns at once. `build` makes the request of attempt
    /// `n` (0 for the first try).
    public func post(to url: String, _ build: @escaping @Sendable (_ attempt: Int) -> WebhookMessage) {
        let delivery = state.withLock { state in
            state.inFlight += 1
            state.deliveries += 1
            return state.deliveries
        }
        Task {
            await deliver(delivery, to: url, build)
            let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.inFlight -= 1
                guard state.inFlight == 0 else { return [] }
                defer { state.idleWaiters.removeAll() }
                return state.idleWaiters
            }
            for waiter in waiters { waiter.resume() }
        }
    }

    /// Returns once no delivery is under way (retries included).
    public func idle() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = state.withLock { state in
                if state.inFlight == 0 { return true }
                state.idleWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func deliver(_ delivery: Int, to url: String, _ build: @Sendable (Int) -> WebhookMessage) async {
        for attempt in 0..<policy.attempts {
            if attempt > 0 { try? await Task.sleep(for: .milliseconds(policy.delay(beforeRetry: attempt))) }
            let message = build(attempt)
            var record = WebhookAttempt(delivery: delivery, attempt: attempt + 1, url: url, headers: message.headers,
                                        body: message.body, status: nil, error: nil, sentAt: FakeClock.nowMilliseconds())
            let again: Bool
            do {
                let status = try await send(message, to: url)
                record.status = status
                again = policy.retries(status: status)
            } catch {
                record.error = String(describing: error)
                again = policy.retryOnError
            }
            state.withLock { state in
                state.attempts.append(record)
                if state.attempts.count > Self.keptAttempts { state.attempts.removeFirst(state.attempts.count - Self.keptAttempts) }
            }
            if !again { return }
        }
    }

    /// One POST; the answer's status (its body is read and dropped).
    private func send(_ message: WebhookMessage, to url: String) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in message.headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: message.body))
        let response = try await Self.client.execute(request, timeout: .milliseconds(Int64(policy.timeoutMilliseconds)))
        _ = try? await response.body.collect(upTo: 1 << 20)
        return Int(response.status.code)
    }
}
