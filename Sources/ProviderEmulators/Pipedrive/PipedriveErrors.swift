import FakeProviderKit

/// Pipedrive's words for bad query parameters. The error envelope and the fixed errors
/// (`unauthorized`, `notFound`, `internal`) are data: `answers.json`.
enum PipedriveErrors {
    /// The named errors the emulator answers.
    static let named = ["unauthorized", "notFound", "internal"]

    /// 400 for a bad API v2 query parameter ("Validation failed: limit: must be ...").
    static func query(_ problem: QueryProblem) -> FakeError {
        let rule = switch problem.kind {
        case .integer(let range, _) where range.upperBound == .max: "must be a positive integer"
        case .integer(let range, _): "must be an integer between \(range.lowerBound) and \(range.upperBound)"
        case .oneOf(let allowed): "must be one of \(allowed.joined(separator: ", "))"
        case .integerList: "must be a comma separated list of integers"
        case .tooMany(let max) where problem.name == "ids": "at most \(max) ids are allowed"
        case .tooMany(let max): "a maximum of \(max) keys is allowed"
        case .format: "must be a date-time in RFC 3339 format"
        }
        return .badRequest("Validation failed: \(problem.name): \(rule)")
    }

    /// 400 for a bad API v1 query parameter ("start must be a non-negative integer").
    static func v1Query(_ problem: QueryProblem) -> FakeError {
        let sign = switch problem.kind {
        case .integer(let range, _) where range.lowerBound == 0: "non-negative"
        default: "positive"
        }
        return .badRequest("\(problem.name) must be a \(sign) integer")
    }
}
