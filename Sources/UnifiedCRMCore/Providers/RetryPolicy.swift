import Foundation

/// When a failed provider call is sent again, and after how long. A 429 and a 502/503/504 are
/// retried, and so is a connection that failed; a POST only when the provider surely did not act on
/// it (a 429), so a create is never sent twice. The wait honours `Retry-After` (seconds or an HTTP
/// date), then the mapping's rate-limit reset, else exponential backoff with full jitter.
public struct RetryPolicy: Sendable {
    /// First backoff step and its cap.
    public var base: Duration
    public var cap: Duration

    public init(base: Duration = .milliseconds(100), cap: Duration = .seconds(10)) {
        self.base = base
        self.cap = cap
    }

    static let retriedStatuses: Set<Int> = [429, 502, 503, 504]

    /// Whether an answer with `status` to `method` may be sent again.
    public func retries(status: Int, method: String) -> Bool {
        guard Self.retriedStatuses.contains(status) else { return false }
        return status == 429 || method != "POST"
    }

    /// Whether a transport failure (refused, reset) of `method` may be sent again.
    public func retriesTransportFailure(method: String) -> Bool { method != "POST" }

    /// The wait before attempt `attempt + 1`.
    public func delay(after response: ProviderResponse?, attempt: Int, rateLimit: RateLimitHeaders?, now: Date = Date(),
                      random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
        if let response, let header = response.header("Retry-After") {
            if let seconds = Self.retryAfterSeconds(header, now: now) {
                // Clamped: a hostile or broken provider's huge value must not overflow the conversion.
                return .milliseconds(Int(min(seconds, 86_400) * 1000))
            }
        }
        if let response, response.status == 429, let reset = rateLimit?.state(of: response, now: now)?.resetSeconds {
            return .seconds(max(reset, 0))
        }
        // Full jitter: anywhere between 0 and the exponential step (AWS architecture blog's variant).
        let step = min(Double(cap.components.seconds) + Double(cap.components.attoseconds) / 1e18,
                       (Double(base.components.seconds) + Double(base.components.attoseconds) / 1e18) * pow(2, Double(min(attempt - 1, 16))))
        return .milliseconds(Int(random(0...step) * 1000))
    }

    /// `Retry-After` as seconds from now: delta-seconds or an HTTP date (RFC 9110 §10.2.3).
    static func retryAfterSeconds(_ header: String, now: Date) -> Double? {
        let text = header.trimmingBlanks
        if let seconds = Double(text), seconds.isFinite { return seconds >= 0 ? seconds : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
