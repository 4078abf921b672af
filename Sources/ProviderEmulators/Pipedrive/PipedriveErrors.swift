import FakeProviderKit
import Foundation
import Hummingbird

/// Pipedrive's error envelope (https://pipedrive.readme.io/docs/core-api-concepts-responses):
/// `{"success":false,"error":"...","error_info":"...","data":null,"additional_data":null}`.
public struct PipedriveAPIError: Error, Sendable, Equatable, ProviderResponseError {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra top-level members (e.g. `errorCode` on 401 answers).
    public var errorCode: Int? = nil

    /// The text Pipedrive puts in `error_info` on every error.
    public static let errorInfo = "Please check developers.pipedrive.com for more information about Pipedrive API."

    /// Missing or wrong API token / OAuth access token.
    public static let unauthorized = PipedriveAPIError(status: .unauthorized, message: "unauthorized access", errorCode: 401)

    public static func notFound(_ message: String = "Deal not found") -> PipedriveAPIError {
        PipedriveAPIError(status: .notFound, message: message)
    }

    public static func badRequest(_ message: String) -> PipedriveAPIError {
        PipedriveAPIError(status: .badRequest, message: message)
    }

    /// 400 for a bad API v2 query parameter ("Validation failed: limit: must be ...").
    static func query(_ problem: QueryProblem) -> PipedriveAPIError {
        let rule = switch problem.kind {
        case .integer(let range, _) where range.upperBound == .max: "must be a positive integer"
        case .integer(let range, _): "must be an integer between \(range.lowerBound) and \(range.upperBound)"
        case .oneOf(let allowed): "must be one of \(allowed.joined(separator: ", "))"
        case .integerList: "must be a comma separated list of integers"
        case .tooMany(let max) where problem.name == "ids": "at most \(max) ids are allowed"
        case .tooMany(let max): "a maximum of \(max) keys is allowed"
        case .format: "must be a date-time in RFC 3339 format"
        }
        return badRequest("Validation failed: \(problem.name): \(rule)")
    }

    /// 400 for a bad API v1 query parameter ("start must be a non-negative integer").
    static func v1Query(_ problem: QueryProblem) -> PipedriveAPIError {
        let sign = switch problem.kind {
        case .integer(let range, _) where range.lowerBound == 0: "non-negative"
        default: "positive"
        }
        return badRequest("\(problem.name) must be a \(sign) integer")
    }

    /// The JSON body.
    var body: [String: Any] {
        var object: [String: Any] = [
            "success": false,
            "error": message,
            "error_info": Self.errorInfo,
            "data": NSNull(),
            "additional_data": NSNull(),
        ]
        if let errorCode { object["errorCode"] = errorCode }
        return object
    }

    public var response: Response { FakeJSON.response(status, body) }
}
