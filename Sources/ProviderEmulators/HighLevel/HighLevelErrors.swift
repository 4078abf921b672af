import FakeProviderKit

/// HighLevel's class-validator messages. The error bodies (`BadRequestDTO`, `UnauthorizedDTO`,
/// `UnprocessableDTO`) and the fixed errors are data: `answers.json`.
enum HighLevelErrors {
    /// The named errors the emulator answers.
    static let named = ["invalidToken", "versionMissing", "versionInvalid", "locationForbidden", "opportunityNotFound",
                        "invalidJSON", "unprocessable", "internal",
                        "unknownPipeline", "stageNotInPipeline", "contactNotFound", "unknownField", "fieldEntryNotAnObject",
                        "fieldEntryNoReference", "statusNotStorable"]

    /// `UnprocessableDTO` with class-validator style messages.
    static func unprocessable(_ messages: [String]) -> FakeError {
        .named("unprocessable", ["message": .array(messages.map(RecordValue.string))])
    }

    /// `UnprocessableDTO` for one bad query parameter, in `wording`.
    static func query(_ wording: QueryProblemTexts) -> @Sendable (QueryProblem) -> FakeError { { unprocessable([wording.text($0)]) } }
}
