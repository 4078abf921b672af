import FakeProviderKit
import Foundation

/// A pipeline stage; `id` and `name` are what clients rely on.
public struct HighLevelStage: Sendable, Equatable, Decodable {
    public let id: String
    public let name: String
    public let position: Int
}

/// A pipeline of the location.
public struct HighLevelPipeline: Sendable, Equatable, Decodable {
    public let id: String
    public let name: String
    public let stages: [HighLevelStage]

    func stage(id: String) -> HighLevelStage? { stages.first(where: { $0.id == id }) }
}

/// The location's pipelines (`pipelines.json`, the `GET /opportunities/pipelines` answer), custom
/// fields (`definitions.json` for opportunities, `contact-fields.json` for contacts: the
/// `GET /locations/{id}/customFields` answers) and named contacts (`contacts.json`). Answers are
/// served as stored, with the emulator's location id.
public struct HighLevelCatalog: Sendable {
    public let pipelines: [HighLevelPipeline]
    public let opportunityFields: [HighLevelCustomField]
    public let contactFields: [HighLevelCustomField]
    /// Contacts that always exist, whatever the seed size (ids tests and fixtures can name).
    public let namedContacts: [HighLevelContact]
    let answers: [String: Data]

    struct Pipelines: Decodable { let pipelines: [HighLevelPipeline] }
    struct Fields: Decodable { let customFields: [HighLevelCustomField] }
    struct Contacts: Decodable { let contacts: [HighLevelContact] }

    public init(fixtures: ProviderFixtures) throws {
        var answers: [String: Data] = [:]
        for name in ["pipelines.json", "definitions.json", "contact-fields.json"] { answers[name] = try fixtures.data(name) }
        self.answers = answers
        pipelines = try fixtures.decode(Pipelines.self, "pipelines.json").pipelines
        opportunityFields = try fixtures.decode(Fields.self, "definitions.json").customFields
        contactFields = try fixtures.decode(Fields.self, "contact-fields.json").customFields
        namedContacts = try fixtures.decode(Contacts.self, "contacts.json").contacts
    }

    func pipeline(id: String) -> HighLevelPipeline? { pipelines.first(where: { $0.id == id }) }

    /// An opportunity field by id, full `fieldKey` (`opportunity.competitor`) or short key (`competitor`).
    func opportunityField(id: String?, key: String?) -> HighLevelCustomField? {
        if let id, let field = opportunityFields.first(where: { $0.id == id }) { return field }
        if let key { return opportunityFields.first(where: { $0.fieldKey == key || $0.shortKey == key }) }
        return nil
    }

    /// An opportunity field by display name, case-insensitive.
    func opportunityField(named name: String) -> HighLevelCustomField? {
        opportunityFields.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame })
    }

    /// The list under `key` of a stored answer, each item's `locationId` set to `locationId`.
    func answer(_ file: String, _ key: String, locationId: String) -> [[String: Any]] {
        let object = answers[file].flatMap { try? JSONSerialization.jsonObject(with: $0) } as? [String: Any]
        return (object?[key] as? [[String: Any]] ?? []).map { item in
            var item = item
            item["locationId"] = locationId
            return item
        }
    }
}
