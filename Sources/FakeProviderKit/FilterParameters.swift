/// Query parameters that filter records by equality, as data: parameter → record member, and the
/// parameters the emulator cannot answer (any value there matches nothing).
///
/// ```json
/// {"equals": {"pipeline_id": "pipelineId", "contact_id": "contactId"}, "matchNothing": ["campaignId"]}
/// ```
public struct FilterParameters: Sendable, Decodable {
    public let equals: [String: String]
    public let matchNothing: [String]

    public init(equals: [String: String], matchNothing: [String] = []) {
        self.equals = equals
        self.matchNothing = matchNothing
    }

    /// The filter the query asks for (blank parameters count as absent).
    public func filter<Failure>(_ query: QueryReader<Failure>) -> RecordFilter {
        var members: [String: String] = [:]
        for (parameter, member) in equals { if let value = query.string(parameter) { members[member] = value } }
        return RecordFilter(equals: members, matchesNothing: matchNothing.contains { query.string($0) != nil })
    }
}
