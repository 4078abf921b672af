import FakeProviderKit
import Foundation

/// One opportunity as stored: the members of the spec's `SearchOpportunitiesResponseSchema` (also
/// the `GET`, `POST` and `PUT` answers) declared in `records.json` (shape `opportunity`), times as
/// epoch milliseconds, `customFields` as an object of values by custom field id.
public typealias HighLevelOpportunity = ShapedRecord

/// The opportunity shape (its times declared in `records.json`) and `assignedTo` cleared by `""`
/// (`empty-is-null`).
public struct HighLevelOpportunityShape: Sendable {
    public let shape: RecordShape
    let formats: ShapeFormats
    /// The times a change of status or stage moves (`changeStamps`).
    let changeStamps: ChangeStamps
    /// How `customFields` entries are written, by read shape (`customFieldReads`).
    let customFieldReads: [String: FieldValueList]

    init(fixtures: ProviderFixtures) throws {
        shape = try fixtures.shape("opportunity")
        let records = try fixtures.decode(Records.self, "records.json").opportunity
        (changeStamps, customFieldReads) = (records.changeStamps, records.customFieldReads)
        if let read = HighLevelCustomFieldReadShape.allCases.first(where: { records.customFieldReads[$0.rawValue] == nil }) {
            throw FixtureError("\(fixtures.provider) records.json: opportunity.customFieldReads has no \(read.rawValue)")
        }
        formats = ShapeFormats(shape: shape, formats: ["empty-is-null": .init(read: { $0 == .string("") ? .null : $0 }, render: { $0 })])
    }

    /// The JSON object: `customFields` in the catalog's field order, in `readShape`, and the
    /// embedded contact summary when known.
    func json(_ opportunity: HighLevelOpportunity, contact: HighLevelContact?, readShape: HighLevelCustomFieldReadShape,
              fields: FieldDefinitions) -> [String: Any] {
        let list = customFieldReads[readShape.rawValue] ?? FieldValueList(members: [:])
        var extra: [String: Any] = ["customFields": list.render(opportunity["customFields"].object ?? [:], fields: fields)]
        if let contact { extra["contact"] = contact.json }
        return shape.render(opportunity, formats: formats, extra: extra)
    }
}

private struct Records: Decodable {
    struct Opportunity: Decodable { let changeStamps: ChangeStamps; let customFieldReads: [String: FieldValueList] }
    let opportunity: Opportunity
}
