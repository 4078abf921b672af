import Foundation
import Synchronization

/// A provider's documented request budget per account (HighLevel: 100 requests per 10 seconds per
/// location), as a token bucket: a burst beyond it waits for its turn instead of failing with the
/// provider's 429.
public struct RequestBudget: Sendable, Equatable {
    /// Requests allowed in `seconds`.
    public var requests: Int
    public var seconds: Double

    public init(requests: Int, seconds: Double) {
        self.requests = requests
        self.seconds = seconds
    }

    var refillPerSecond: Double { Double(requests) / seconds }
}

/// The token buckets of every account, keyed by account. `reserve` takes a token now and answers
/// how long the caller must wait before using it (zero when the bucket had one), so waiting
/// requests keep their order.
public final class RequestBudgets: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])
    /// Buckets idle longer than this are dropped (they would be full again anyway).
    private let idleLimit: Duration = .seconds(3600)

    public init() {}

    public func reserve(_ key: String, budget: RequestBudget, now: ContinuousClock.Instant = .now) -> Duration {
        buckets.withLock { buckets in
            if buckets.count > 10_000 { buckets = buckets.filter { now - $0.value.updated < idleLimit } }
            var bucket = buckets[key] ?? Bucket(tokens: Double(budget.requests), updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(Double(budget.requests), bucket.tokens + max(0, seconds) * budget.refillPerSecond)
            bucket.updated = now
            bucket.tokens -= 1
            buckets[key] = bucket
            guard bucket.tokens < 0 else { return .zero }
            return .milliseconds(Int((-bucket.tokens / budget.refillPerSecond * 1000).rounded(.up)))
        }
    }

    /// Waits for a token; a wait longer than `maxWait` is the caller's 429 now (the token is kept:
    /// the budget was spent by the requests already queued).
    public func acquire(_ key: String, budget: RequestBudget, maxWait: Duration, provider: String) async throws {
        let wait = reserve(key, budget: budget)
        guard wait > .zero else { return }
        guard wait <= maxWait else {
            let seconds = max(1, Int(wait.components.seconds) + 1)
            throw APIError(.rateLimited, "\(provider) allows \(budget.requests) requests per \(budget.seconds.formatted()) seconds for this account; retry later.",
                           headers: ["Retry-After": String(seconds)])
        }
        try await Task.sleep(for: wait)
    }
}
