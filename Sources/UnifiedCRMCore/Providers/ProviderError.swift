import Foundation

/// A provider call that did not succeed, before it becomes what the caller sees: the one input of
/// `ErrorRules`, which turns it into an `APIError`.
public struct ProviderError: Error, Sendable {
    public enum Kind: Sendable {
        /// No answer within the timeout to a request with this method. The request was sent, so the
        /// provider may have acted on it.
        case timeout(Duration, method: String)
        /// Connection refused, reset, DNS or TLS failure.
        case unreachable
        /// A non-2xx answer.
        case status(ProviderResponse)
        /// A 2xx answer whose body is not the JSON the mapping expects.
        case invalidBody(ProviderResponse, reason: String)
    }

    public var kind: Kind
    public var provider: String

    public init(_ kind: Kind, provider: String) {
        self.kind = kind
        self.provider = provider
    }

    /// The provider's HTTP response, when there was one.
    public var response: ProviderResponse? {
        switch kind {
        case .status(let response), .invalidBody(let response, _): response
        case .timeout, .unreachable: nil
        }
    }
}

extension ProviderError {
    public var isTimeout: Bool {
        if case .timeout = kind { return true }
        return false
    }

    /// A few words for messages and events (never a body: it may echo a token).
    public var summary: String {
        switch kind {
        case .timeout(let limit): "no answer within \(limit)"
        case .unreachable: "the provider could not be reached"
        case .status(let response): "HTTP \(response.status)"
        case .invalidBody(let response, let reason): "HTTP \(response.status) \(reason)"
        }
    }
}
