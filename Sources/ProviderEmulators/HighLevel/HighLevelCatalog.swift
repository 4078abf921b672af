import FakeProviderKit
import Foundation

/// The location's pipelines (`pipelines.json`, the `GET /opportunities/pipelines` answer), custom
/// fields (`definitions.json` for opportunities, `contact-fields.json` for contacts: the
/// `GET /locations/{id}/customFields` answers) and named contacts (`contacts.json`). Answers are
/// served as stored, with the emulator's location id.
public struct HighLevelCatalog: Sendable {
    public let pipelines: Pipelines<String>
    public let opportunityFields: [HighLevelCustomField]
    public let contactFields: [HighLevelCustomField]
    /// Contacts that always exist, whatever the seed size (ids tests and fixtures can name).
    public let namedContacts: [HighLevelContact]
    /// The opportunity record (`records.json`) and its formats.
    public let opportunity: HighLevelOpportunityShape
    /// The seeded sub-account (`account.json`) and how its records are made (`seed-recipe.json`).
    public let account: HighLevelAccount
    let seed: SeedRecipe
    let opportunityFieldsAnswer: FixtureList
    let contactFieldsAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        opportunityFieldsAnswer = try fixtures.list("definitions.json", member: "customFields")
        contactFieldsAnswer = try fixtures.list("contact-fields.json", member: "customFields")
        pipelines = try Pipelines(fixtures: fixtures)
        opportunityFields = try opportunityFieldsAnswer.decode(HighLevelCustomField.self)
        contactFields = try contactFieldsAnswer.decode(HighLevelCustomField.self)
        account = try fixtures.decode(HighLevelAccount.self, "account.json")
        seed = try SeedRecipe(fixtures: fixtures)
        namedContacts = try fixtures.list("contacts.json", member: "contacts").decode(HighLevelContact.self)
        opportunity = try HighLevelOpportunityShape(fixtures: fixtures)
    }

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
