import Foundation

/// How a provider delivers its webhooks, from the `delivery` member of its `webhooks.json`:
/// how many attempts, the pause before each retry, which answers are retried, the request timeout.
///
/// ```json
/// {"attempts": 4, "retry_delays_ms": [30, 300, 1500], "retry_statuses": null, "retry_on_error": true, "timeout_ms": 10000}
/// ```
///
/// Providers wait seconds to minutes between retries; the fixtures keep the count and shorten the
/// pauses so a test sees every attempt.
public struct WebhookPolicy: Sendable, Decodable, Equatable {
    /// Attempts in all, the first included.
    public var attempts: Int
    /// Pause before retry 1, 2, ...; the last one repeats when there are more retries than entries.
    public var retryDelaysMilliseconds: [Int]
    /// The statuses that are retried; nil: every answer outside 200...299.
    public var retryStatuses: [Int]?
    /// Whether a refused connection or a timeout is retried.
    public var retryOnError: Bool
    public var timeoutMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case attempts, retryDelaysMilliseconds = "retry_delays_ms", retryStatuses = "retry_statuses"
        case retryOnError = "retry_on_error", timeoutMilliseconds = "timeout_ms"
    }

    public init(attempts: Int = 1, retryDelaysMilliseconds: [Int] = [], retryStatuses: [Int]? = nil,
                retryOnError: Bool = true, timeoutMilliseconds: Int = 10_000) {
        self.attempts = max(1, attempts)
        self.retryDelaysMilliseconds = retryDelaysMilliseconds
        self.retryStatuses = retryStatuses
        self.retryOnError = retryOnError
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(attempts: try c.decode(Int.self, forKey: .attempts),
                  retryDelaysMilliseconds: try c.decodeIfPresent([Int].self, forKey: .retryDelaysMilliseconds) ?? [],
                  retryStatuses: try c.decodeIfPresent([Int].self, forKey: .retryStatuses),
                  retryOnError: try c.decodeIfPresent(Bool.self, forKey: .retryOnError) ?? true,
                  timeoutMilliseconds: try c.decodeIfPresent(Int.self, forKey: .timeoutMilliseconds) ?? 10_000)
    }

    /// The pause before retry `retry` (1 = the first retry).
    func delay(beforeRetry retry: Int) -> Int {
        guard let last = retryDelaysMilliseconds.last else { return 0 }
        return retry - 1 < retryDelaysMilliseconds.count ? retryDelaysMilliseconds[retry - 1] : last
    }

    /// Whether an answer with `status` is tried again.
    func retries(status: Int) -> Bool {
        guard !(200...299).contains(status) else { return false }
        return retryStatuses?.contains(status) ?? true
    }
}
