import FakeProviderKit
import Foundation
import Hummingbird

/// HighLevel's error bodies, from `common/common-schemas.json` of the official OpenAPI:
///
/// - `BadRequestDTO`: `{"statusCode": 400, "message": "Bad Request"}`
/// - `UnauthorizedDTO`: `{"statusCode": 401, "message": "Invalid token: access token is invalid", "error": "Unauthorized"}`
/// - `UnprocessableDTO`: `{"statusCode": 422, "message": ["Unprocessable Entity"], "error": "Unprocessable Entity"}`
///
/// `message` is a string except on 422, where it is a list of validation messages.
public struct HighLevelAPIError: Error, Sendable, Equatable, ProviderResponseError {
    public enum Message: Sendable, Equatable {
        case text(String)
        case list([String])
    }

    public var status: HTTPResponse.Status
    public var message: Message
    /// The `error` member (the HTTP reason phrase); absent on `BadRequestDTO`.
    public var error: String? = nil

    /// Wrong or missing bearer token: the spec's `UnauthorizedDTO` example.
    public static let invalidToken = HighLevelAPIError(
        status: .unauthorized, message: .text("Invalid token: access token is invalid"), error: "Unauthorized")

    /// No `Version` header. Observed live answer (401, not 400); see `mappings/providers/highlevel.md`.
    public static let versionMissing = HighLevelAPIError(
        status: .unauthorized, message: .text("version header was not found."))

    /// A `Version` header outside the published set. Observed live answer.
    public static let versionInvalid = HighLevelAPIError(
        status: .unauthorized, message: .text("version header is invalid"))

    /// The token's location is not the one named by the request or owning the record. Observed live answer.
    public static let locationForbidden = HighLevelAPIError(
        status: .forbidden, message: .text("The token does not have access to this location."))

    /// `BadRequestDTO` with a message.
    public static func badRequest(_ message: String) -> HighLevelAPIError {
        HighLevelAPIError(status: .badRequest, message: .text(message))
    }

    /// `UnprocessableDTO` with class-validator style messages.
    public static func unprocessable(_ messages: [String]) -> HighLevelAPIError {
        HighLevelAPIError(status: .unprocessableContent, message: .list(messages), error: "Unprocessable Entity")
    }

    /// The class-validator message for a bad query parameter.
    static func message(for problem: QueryProblem) -> String {
        switch problem.kind {
        case .oneOf(let allowed): "\(problem.name) must be one of the following values: \(allowed.joined(separator: ", "))"
        default: "\(problem.name) \(HighLevelSearchQuery.formatRules[problem.name] ?? "is invalid")"
        }
    }

    /// `UnprocessableDTO` for one bad query parameter.
    static func query(_ problem: QueryProblem) -> HighLevelAPIError { unprocessable([message(for: problem)]) }

    /// Unknown opportunity id. The spec lists no 404 for these operations, only 400 (`BadRequestDTO`).
    public static let opportunityNotFound = HighLevelAPIError.badRequest("Opportunity not found")

    /// The JSON body.
    var body: [String: Any] {
        var object: [String: Any] = ["statusCode": Int(status.code)]
        switch message {
        case .text(let text): object["message"] = text
        case .list(let list): object["message"] = list
        }
        if let error { object["error"] = error }
        return object
    }

    public var response: Response { FakeJSON.response(status, body) }
}
