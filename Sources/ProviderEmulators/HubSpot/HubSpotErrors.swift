import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// One entry of the `errors` array of HubSpot's error body (`ErrorDetail`: message, in, code,
/// subCategory, context).
public struct HubSpotErrorDetail: Sendable, Equatable {
    public var message: String
    public var code: String? = nil
    public var context: [String: [String]]? = nil
    public var location: String? = nil

    var json: [String: Any] {
        var object: [String: Any] = ["message": message]
        if let code { object["code"] = code }
        if let context { object["context"] = context }
        if let location { object["in"] = location }
        return object
    }
}

/// One property that failed validation on create/update: an element of the array HubSpot embeds,
/// as escaped JSON text, in the `message` of a `VALIDATION_ERROR` ("Property values were not valid: [...]").
struct HubSpotPropertyValidation: Sendable, Equatable {
    /// `PROPERTY_DOESNT_EXIST`, `INVALID_OPTION`, `INVALID_INTEGER`, ...
    var error: String
    var name: String
    var message: String
    var propertyValue: String?
}

/// HubSpot's error envelope: `{"status":"error","message":...,"correlationId":...,"category":...,
/// "errors":[...], "context":{...}, "links":{...}}`. Sources: `mappings/providers/hubspot.md`.
public struct HubSpotAPIError: Error, Sendable, ProviderResponseError {
    public var status: HTTPResponse.Status
    public var category: String
    public var message: String
    public var subCategory: String? = nil
    public var errors: [HubSpotErrorDetail] = []
    public var context: [String: [String]]? = nil
    var extraHeaders: [(String, String)] = []

    /// 401 for a missing or wrong `Authorization: Bearer` token (body as returned by api.hubapi.com;
    /// no `errors` array). HubSpot also sends `x-hubspot-auth-failure: 401 Unauthorized`.
    public static var unauthorized: HubSpotAPIError {
        var error = HubSpotAPIError(
            status: .unauthorized,
            category: "INVALID_AUTHENTICATION",
            message: "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
        )
        error.extraHeaders = [("x-hubspot-auth-failure", "401 Unauthorized")]
        return error
    }

    /// 404 for an unknown or archived record id.
    public static func objectNotFound(id: String) -> HubSpotAPIError {
        HubSpotAPIError(status: .notFound, category: "OBJECT_NOT_FOUND", message: "resource not found",
                        context: ["id": [id]])
    }

    /// 400 `VALIDATION_ERROR` with a plain message (query parameters, malformed bodies).
    public static func validation(_ message: String, detail: HubSpotErrorDetail? = nil) -> HubSpotAPIError {
        HubSpotAPIError(status: .badRequest, category: "VALIDATION_ERROR", message: message,
                        errors: detail.map { [$0] } ?? [])
    }

    /// 400 `VALIDATION_ERROR` for a bad query parameter (`limit`, `after`).
    static func query(_ problem: QueryProblem) -> HubSpotAPIError {
        let (name, raw) = (problem.name, problem.value)
        switch problem.kind {
        case .integer where name == "after":
            return validation("Invalid after value '\(raw)': paging cursors are the id returned in paging.next.after")
        case .integer(_, nil):
            return validation("Unable to parse \(name) value '\(raw)': \(name) must be an integer",
                              detail: HubSpotErrorDetail(message: "\(name) must be an integer", code: "INVALID_INTEGER", location: name))
        case .integer(let range, let value?):
            let rule = "\(name) must be between \(range.lowerBound) and \(range.upperBound)"
            return validation("\(rule), got \(value)", detail: HubSpotErrorDetail(message: rule, code: "OUT_OF_RANGE", location: name))
        default:
            return validation("Invalid value '\(raw)' for query parameter \(name)")
        }
    }

    /// 400 `VALIDATION_ERROR` for property values, shaped like HubSpot's: the `message` carries the
    /// per-property results as escaped JSON, and `errors` repeats them with `code` and
    /// `context.propertyName`.
    static func propertyValues(_ failures: [HubSpotPropertyValidation], portalID: Int) -> HubSpotAPIError {
        let inner = failures.map { failure -> String in
            var members: [(String, Any)] = [("isValid", false), ("message", failure.message), ("error", failure.error),
                                            ("name", failure.name), ("localizedErrorMessage", failure.message)]
            if let value = failure.propertyValue { members.append(("propertyValue", value)) }
            members.append(("portalId", portalID))
            return FakeJSON.orderedObject(members)
        }
        let details = failures.map {
            HubSpotErrorDetail(message: $0.message, code: $0.error, context: ["propertyName": [$0.name]])
        }
        return HubSpotAPIError(status: .badRequest, category: "VALIDATION_ERROR",
                               message: "Property values were not valid: [" + inner.joined(separator: ",") + "]",
                               errors: details)
    }

    /// The JSON body as a Foundation object.
    public func body(correlationID: String) -> [String: Any] {
        var body: [String: Any] = [
            "status": "error",
            "message": message,
            "correlationId": correlationID,
            "category": category,
        ]
        if let subCategory { body["subCategory"] = subCategory }
        if !errors.isEmpty { body["errors"] = errors.map(\.json) }
        if let context { body["context"] = context }
        return body
    }

    /// The HTTP response HubSpot would send.
    public var response: Response {
        let correlationID = HubSpotJSON.correlationID()
        var headers = HTTPFields()
        for (name, value) in extraHeaders {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return HubSpotJSON.response(status, body(correlationID: correlationID), correlationID: correlationID, headers: headers)
    }
}

/// JSON responses the way api.hubapi.com sends them (`application/json;charset=utf-8`,
/// `X-HubSpot-Correlation-Id`).
enum HubSpotJSON {
    static func correlationID() -> String { UUID().uuidString.lowercased() }

    static func response(_ status: HTTPResponse.Status, _ object: Any, correlationID: String = correlationID(),
                         headers: HTTPFields = [:]) -> Response {
        var fields = headers
        if let name = HTTPField.Name("x-hubspot-correlation-id") { fields[name] = correlationID }
        return FakeJSON.response(status, object, contentType: "application/json;charset=utf-8", escapeSlashes: false, headers: fields)
    }

    /// 204 with no body (archive).
    static func noContent() -> Response {
        var fields = HTTPFields()
        if let name = HTTPField.Name("x-hubspot-correlation-id") { fields[name] = correlationID() }
        return Response(status: .noContent, headers: fields)
    }
}
