import Foundation

/// Where a provider's answers state its rate limit, compiled from a mapping's `rate_limit`. Read
/// from every answer: unified responses repeat it as `ratelimit-limit`, `ratelimit-remaining` and
/// `ratelimit-reset` (seconds), and a 429 without `Retry-After` waits for the reset.
public struct RateLimitHeaders: Sendable {
    /// How the reset header counts.
    public enum ResetUnit: String, Sendable, CaseIterable {
        /// Seconds until the window resets.
        case seconds
        /// Milliseconds until the window resets (or the window's length, an upper bound).
        case milliseconds
        /// The reset moment as Unix seconds.
        case epochSeconds = "epoch_seconds"
        /// The reset moment as Unix milliseconds.
        case epochMilliseconds = "epoch_milliseconds"
    }

    public var limit: String?
    public var remaining: String?
    public var reset: String?
    public var resetUnit: ResetUnit
    /// The documented per-account budget, enforced before sending (`rate_limit.budget`).
    public var budget: RequestBudget?

    public init(limit: String?, remaining: String?, reset: String?, resetUnit: ResetUnit, budget: RequestBudget? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
        self.resetUnit = resetUnit
        self.budget = budget
    }

    /// What one answer says, as whole numbers; nil when it carries none of the headers.
    public struct State: Sendable, Equatable {
        public var limit: Int?
        public var remaining: Int?
        /// Seconds until the window resets (never negative).
        public var resetSeconds: Int?

        public init(limit: Int?, remaining: Int?, resetSeconds: Int?) {
            self.limit = limit
            self.remaining = remaining
            self.resetSeconds = resetSeconds
        }

        /// The unified response headers.
        public var headers: [(String, String)] {
            [("ratelimit-limit", limit), ("ratelimit-remaining", remaining), ("ratelimit-reset", resetSeconds)]
                .compactMap { name, value in value.map { (name, String($0)) } }
        }

        public static func == (lhs: State, rhs: State) -> Bool {
            lhs.limit == rhs.limit && lhs.remaining == rhs.remaining && lhs.resetSeconds == rhs.resetSeconds
        }
    }

    public func state(of response: ProviderResponse, now: Date = Date()) -> State? {
        func number(_ name: String?) -> Double? {
            guard let name, let text = response.header(name)?.trimmingBlanks,
                  let value = Double(text), value.isFinite, value >= 0 else { return nil }
            return min(value, 1e15)
        }
        let resetSeconds: Double? = number(reset).map { value in
            switch resetUnit {
            case .seconds: value
            case .milliseconds: value / 1000
            case .epochSeconds: value - now.timeIntervalSince1970
            case .epochMilliseconds: value / 1000 - now.timeIntervalSince1970
            }
        }
        let state = State(limit: number(limit).map { Int($0) }, remaining: number(remaining).map { Int($0) },
                          resetSeconds: resetSeconds.map { Int(max(0, min($0, 86_400)).rounded(.up)) })
        return state.limit == nil && state.remaining == nil && state.resetSeconds == nil ? nil : state
    }
}
