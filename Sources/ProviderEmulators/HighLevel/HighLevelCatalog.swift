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
    /// The opportunity record (`records.json`) and its formats.
    public let opportunity: HighLevelOpportunityShape
    /// The seeded sub-account (`account.json`) and how its records are made (`seed-recipe.json`).
    public let account: HighLevelAccount
    let seed: SeedRecipe
    let pipelinesAnswer: FixtureList
    let opportunityFieldsAnswer: FixtureList
    let contactFieldsAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        pipelinesAnswer = try fixtures.list("pipelines.json", member: "pipelines")
        opportunityFieldsAnswer = try fixtures.list("definitions.json", member: "customFields")
        contactFieldsAnswer = try fixtures.list("contact-fields.json", member: "customFields")
        pipelines = try pipelinesAnswer.decode(HighLevelPipeline.self)
        opportunityFields = try opportunityFieldsAnswer.decode(HighLevelCustomField.self)
        contactFields = try contactFieldsAnswer.decode(HighLevelCustomField.self)
        account = try fixtures.decode(HighLevelAccount.self, "account.json")
        seed = try SeedRecipe(fixtures: fixtures)
        namedContacts = try fixtures.list("contacts.json", member: "contacts").decode(HighLevelContact.self)
        opportunity = try HighLevelOpportunityShape(fixtures: fixtures)
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
}
