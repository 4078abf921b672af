extension APIError {
    /// The closed set of error codes a caller can see, each with its HTTP status: the one place
    /// where an error kind is mapped to HTTP. A struct with static members (as AsyncHTTPClient's
    /// `HTTPClientError`), so codes can be added without breaking exhaustive switches of callers.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        /// The HTTP status this code is answered with.
        public let status: Int

        private init(_ rawValue: String, _ status: Int) {
            self.rawValue = rawValue
            self.status = status
        }

        public var description: String { rawValue }

        // 400: bad input, always naming the parameter or field.
        /// A request the HTTP layer refused before routing (malformed URI or headers).
        public static let badRequest = Code("bad_request", 400)
        public static let invalidJSON = Code("invalid_json", 400)
        public static let invalidField = Code("invalid_field", 400)
        public static let missingField = Code("missing_field", 400)
        public static let unknownField = Code("unknown_field", 400)
        public static let fieldNotWritable = Code("field_not_writable", 400)
        public static let invalidParameter = Code("invalid_parameter", 400)
        /// A list filter (`updated_at[gt]`, `pipeline_id`, ...) the provider's mapping cannot serve.
        public static let unsupportedFilter = Code("unsupported_filter", 400)
        public static let unknownIntegration = Code("unknown_integration", 400)
        public static let unsupportedAuthentication = Code("unsupported_authentication", 400)
        public static let missingContext = Code("missing_context", 400)
        public static let notOAuthAccount = Code("not_oauth_account", 400)
        /// The integration has no OAuth app (`PUT /integration/{integration}/oauth-app`).
        public static let oauthAppMissing = Code("oauth_app_missing", 400)
        /// An OAuth callback whose `state` is tampered with, expired or already used.
        public static let invalidState = Code("invalid_state", 400)
        /// The provider refused a write (its 400/422), with its status and body in `details`.
        public static let remoteValidationError = Code("remote_validation_error", 400)
        // 401, 403
        public static let unauthorized = Code("unauthorized", 401)
        public static let needsReauth = Code("needs_reauth", 401)
        /// A provider webhook whose signature, credentials or timestamp do not verify; nothing was emitted.
        public static let invalidSignature = Code("invalid_signature", 401)
        public static let accountDisabled = Code("account_disabled", 403)
        /// The account's OAuth grant lacks the scope the route needs; nothing was sent.
        public static let insufficientScope = Code("insufficient_scope", 403)
        public static let remoteForbidden = Code("remote_forbidden", 403)
        // 404, 405, 413
        public static let notFound = Code("not_found", 404)
        public static let routeNotFound = Code("route_not_found", 404)
        public static let resourceNotSupported = Code("resource_not_supported", 404)
        public static let methodNotAllowed = Code("method_not_allowed", 405)
        public static let operationNotSupported = Code("operation_not_supported", 405)
        public static let bodyTooLarge = Code("body_too_large", 413)
        /// A retry while the first request with its `Idempotency-Key` still runs.
        public static let idempotencyKeyInFlight = Code("idempotency_key_in_flight", 409)
        /// An `Idempotency-Key` sent again with another body.
        public static let idempotencyKeyReused = Code("idempotency_key_reused", 422)
        // 429, 5xx
        public static let rateLimited = Code("rate_limited", 429)
        public static let internalError = Code("internal_error", 500)
        public static let notImplemented = Code("not_implemented", 501)
        public static let remoteError = Code("remote_error", 502)
        public static let providerUnreachable = Code("provider_unreachable", 502)
        public static let unhealthy = Code("unhealthy", 503)
        public static let providerTimeout = Code("provider_timeout", 504)

        /// Every code, for mapping files (`errors.rules[].code`) and documentation.
        public static let all: [Code] = [
            .badRequest, .invalidJSON, .invalidField, .missingField, .unknownField, .fieldNotWritable, .invalidParameter, .unsupportedFilter,
            .unknownIntegration, .unsupportedAuthentication, .missingContext, .notOAuthAccount, .oauthAppMissing, .invalidState, .remoteValidationError,
            .unauthorized, .needsReauth, .invalidSignature, .accountDisabled, .insufficientScope, .remoteForbidden, .notFound, .routeNotFound,
            .resourceNotSupported, .methodNotAllowed, .operationNotSupported, .bodyTooLarge, .idempotencyKeyInFlight, .idempotencyKeyReused, .rateLimited,
            .internalError, .notImplemented, .remoteError, .providerUnreachable, .unhealthy, .providerTimeout,
        ]

        /// The code named `rawValue`, if it is one.
        public init?(rawValue: String) {
            guard let code = Code.all.first(where: { $0.rawValue == rawValue }) else { return nil }
            self = code
        }

        public static func == (lhs: Code, rhs: Code) -> Bool { lhs.rawValue == rhs.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    }
}
