import Foundation

/// One rule of a mapping's `errors.rules`: a provider status (and, optionally, a message matching
/// a regular expression) that means one of our codes, e.g. HighLevel's 400 "Opportunity not found"
/// → `not_found`. A mapping's rules to `not_found` apply to single-record routes only.
public struct ErrorRule: Sendable {
    public var status: Int?
    public var messagePattern: String?
    public var code: APIError.Code

    public init(status: Int?, messagePattern: String?, code: APIError.Code) {
        self.status = status
        self.messagePattern = messagePattern
        self.code = code
    }

    func matches(status: Int, message: String?, recordRoute: Bool) -> Bool {
        if let expected = self.status, expected != status { return false }
        if code == .notFound, !recordRoute { return false }
        guard let pattern = messagePattern else { return true }
        guard let message else { return false }
        return message.range(of: pattern, options: .regularExpression) != nil
    }
}

/// A provider's error handling: where its error bodies hold the message, its own rules, then the
/// built-in ones (404 → not_found, 401 → needs_reauth, 403 → remote_forbidden, 400/422 →
/// remote_validation_error, 429 → rate_limited, anything else → remote_error).
public struct ErrorRules: Sendable {
    public var messagePath: [String]?
    public var rules: [ErrorRule]

    public init(messagePath: [String]? = nil, rules: [ErrorRule] = []) {
        self.messagePath = messagePath
        self.rules = rules
    }

    static let builtIn: [ErrorRule] = [
        ErrorRule(status: 404, messagePattern: nil, code: .notFound),
        ErrorRule(status: 401, messagePattern: nil, code: .needsReauth),
        ErrorRule(status: 403, messagePattern: nil, code: .remoteForbidden),
        ErrorRule(status: 400, messagePattern: nil, code: .remoteValidationError),
        ErrorRule(status: 422, messagePattern: nil, code: .remoteValidationError),
        ErrorRule(status: 429, messagePattern: nil, code: .rateLimited),
    ]

    /// The caller's error for a failed call. `secrets` are scrubbed from the echoed provider body.
    public func apiError(for error: ProviderError, recordRoute: Bool, secrets: [String]) -> APIError {
        let name = error.provider
        switch error.kind {
        case .timeout(let timeout, let method):
            let seconds = timeout.components.seconds
            var details: [String: JSONValue] = ["provider": .string(name), "timeout_seconds": .integer(Int(seconds))]
            let waited = "\(name) did not answer within \(seconds) second\(seconds == 1 ? "" : "s")"
            guard !["GET", "HEAD"].contains(method) else {
                return APIError(.providerTimeout, "\(waited).", details: details)
            }
            // The request reached the provider (or may have), and nobody knows whether it acted on
            // it: say so rather than let the caller assume that nothing was written.
            details["method"] = .string(method)
            details["write_may_have_been_applied"] = .bool(true)
            return APIError(.providerTimeout, "\(waited) to the \(method). It was sent once and not retried, and the write may have been applied: check on \(name) before sending it again.",
                            details: details)
        case .unreachable:
            return APIError(.providerUnreachable, "\(name) could not be reached.")
        case .invalidBody(let response, let reason):
            return APIError(.remoteError, "\(name) answered \(reason).", details: ["remote_status": .integer(response.status), "provider": .string(name)])
        case .status(let response):
            let text = SecretRedactor.scrub(String(decoding: response.body, as: UTF8.self), secrets: secrets)
            let remoteBody: JSONValue = (try? JSONValue.parse(Data(text.utf8))) ?? .string(text)
            let message = messagePath.flatMap { remoteBody.value(at: $0) }.flatMap { value -> String? in
                value.stringValue ?? value.arrayValue?.compactMap(\.stringValue).joined(separator: "; ")
            }
            let details: [String: JSONValue] = ["remote_status": .integer(response.status), "remote_body": remoteBody, "provider": .string(name)]
            let suffix = message.map { ": \($0)" } ?? "."
            let own = rules.first { $0.matches(status: response.status, message: message, recordRoute: recordRoute) }
            let builtIn = Self.builtIn.first { $0.status == response.status }
            let code = own?.code ?? builtIn?.code ?? .remoteError
            switch code {
            case .notFound:
                return APIError(.notFound, "\(name) has no such record\(suffix)", details: details)
            case .needsReauth:
                return APIError(.needsReauth, "\(name) rejected the account's credentials; reconnect the account\(suffix)", details: details)
            case .remoteForbidden:
                return APIError(.remoteForbidden, "\(name) refused the request for this account\(suffix)", details: details)
            case .remoteValidationError:
                return APIError(.remoteValidationError, "\(name) rejected the request\(suffix)", details: details)
            case .rateLimited:
                let retryAfter = response.header("Retry-After") ?? "1"
                return APIError(.rateLimited, "\(name) is still rate-limiting this account; retry later.", details: details, headers: ["Retry-After": retryAfter])
            default:
                return APIError(code, "\(name) answered \(response.status)\(suffix)", details: details)
            }
        }
    }
}
