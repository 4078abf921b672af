import FakeProviderKit

/// An opportunity as stored (`records.json` shape `opportunity`: `SearchOpportunitiesResponseSchema`, also the
/// `GET`, `POST` and `PUT` answers), times in epoch milliseconds, `customFields` by field id.
public typealias HighLevelOpportunity = ShapedRecord

/// The contact summary embedded in each opportunity (`records.json` shape `contact`).
public typealias HighLevelContact = ShapedRecord

/// How `customFields` entries are written in answers (`records.json`, `customFieldReads`).
public enum HighLevelCustomFieldReadShape: String, Sendable, Equatable, CaseIterable {
    /// `{"id", "fieldValue"}`: the official OpenAPI (`CustomFieldResponseSchema`).
    case spec
    /// `{"id", "fieldValueString" | "fieldValueNumber" | "fieldValueArray"}`: what third-party clients read
    /// from live answers. Not in the spec; opt in to test tolerant readers.
    case typed
}

/// The opportunity shape, its formats (`assignedTo` `""` reads as null), change stamps and custom field read shapes.
public struct HighLevelOpportunityShape: Sendable {
    public let shape: RecordShape
    let formats: ShapeFormats
    let changeStamps: ChangeStamps
    let customFieldReads: [String: FieldValueList]

    private struct Records: Decodable {
        struct Opportunity: Decodable { let changeStamps: ChangeStamps; let customFieldReads: [String: FieldValueList] }
        let opportunity: Opportunity
    }

    init(fixtures: ProviderFixtures) throws {
        shape = try fixtures.shape("opportunity")
        let records = try fixtures.decode(Records.self, "records.json").opportunity
        (changeStamps, customFieldReads) = (records.changeStamps, records.customFieldReads)
        formats = ShapeFormats(shape: shape, formats: ["empty-is-null": .init(read: { $0 == .string("") ? .null : $0 }, render: { $0 })])
        if let read = HighLevelCustomFieldReadShape.allCases.first(where: { customFieldReads[$0.rawValue] == nil }) {
            throw FixtureError("\(fixtures.provider) records.json: opportunity.customFieldReads has no \(read.rawValue)")
        }
    }
}
