import FakeProviderKit

/// HighLevel's class-validator messages. The error bodies (`BadRequestDTO`, `UnauthorizedDTO`,
/// `UnprocessableDTO`) and the fixed errors are data: `answers.json`.
enum HighLevelErrors {
    /// The named errors the emulator answers.
    static let named = ["invalidToken", "versionMissing", "versionInvalid", "locationForbidden", "opportunityNotFound",
                        "invalidJSON", "unprocessable", "internal"]

    /// `UnprocessableDTO` with class-validator style messages.
    static func unprocessable(_ messages: [String]) -> FakeError {
        .named("unprocessable", ["message": .array(messages.map(RecordValue.string))])
    }

    /// The class-validator message for a bad query parameter.
    static func message(for problem: QueryProblem) -> String {
        switch problem.kind {
        case .oneOf(let allowed): "\(problem.name) must be one of the following values: \(allowed.joined(separator: ", "))"
        default: "\(problem.name) \(HighLevelSearchQuery.formatRules[problem.name] ?? "is invalid")"
        }
    }

    /// `UnprocessableDTO` for one bad query parameter.
    static func query(_ problem: QueryProblem) -> FakeError { unprocessable([message(for: problem)]) }
}
