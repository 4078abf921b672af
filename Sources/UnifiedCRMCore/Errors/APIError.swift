/// An error a caller sees, in the contract's shape:
/// `{"error": {"status", "code", "message", "details"}}`.
///
/// A struct with static constructors (not an enum) so new codes can be added without breaking callers.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var status: Int
    public var code: Code
    public var message: String
    public var details: [String: JSONValue]
    /// Extra response headers (e.g. `Retry-After`).
    public var headers: [String: String]

    /// An error answered with the code's HTTP status.
    public init(_ code: Code, _ message: String, details: [String: JSONValue] = [:], headers: [String: String] = [:]) {
        self.init(status: code.status, code: code, message: message, details: details, headers: headers)
    }

    /// An error with a status of its own: only for errors whose status comes from the HTTP library
    /// (a malformed request Hummingbird refused); everything else uses the code's status.
    public init(status: Int, code: Code, message: String, details: [String: JSONValue] = [:], headers: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers
    }

    public var description: String { "\(status) \(code): \(message)" }

    /// The error body as JSON.
    public var body: JSONValue {
        .object(["error": .object([
            "status": .integer(status),
            "code": .string(code.rawValue),
            "message": .string(message),
            "details": .object(details),
        ])])
    }
}

extension APIError {
    /// 400 for a bad value of one named field or parameter.
    public static func invalidField(_ field: String, _ message: String, code: Code = .invalidField, extra: [String: JSONValue] = [:]) -> APIError {
        var details = extra
        details["field"] = .string(field)
        return APIError(code, message, details: details)
    }

    public static func missingField(_ field: String) -> APIError {
        .invalidField(field, "The field `\(field)` is required.", code: .missingField)
    }

    public static func invalidParameter(_ parameter: String, _ message: String) -> APIError {
        APIError(.invalidParameter, message, details: ["parameter": .string(parameter)])
    }

    public static func invalidJSON(_ message: String = "The request body is not valid JSON.") -> APIError {
        APIError(.invalidJSON, message)
    }

    public static func notFound(_ message: String, details: [String: JSONValue] = [:]) -> APIError {
        APIError(.notFound, message, details: details)
    }

    /// 400 `oauth_app_missing`: the OAuth flow needs the integration's app, and none is stored.
    public static func oauthAppMissing(_ integration: String) -> APIError {
        APIError(.oauthAppMissing, "No OAuth app is configured for `\(integration)`; PUT /integration/\(integration)/oauth-app sets one.",
                 details: ["integration": .string(integration)])
    }

    public static let unauthorized = APIError(
        status: 401, code: .unauthorized,
        message: "Missing or invalid bearer token. Send `Authorization: Bearer <UNIFIED_CRM_API_TOKEN>`.",
        headers: ["WWW-Authenticate": "Bearer"]
    )
}
