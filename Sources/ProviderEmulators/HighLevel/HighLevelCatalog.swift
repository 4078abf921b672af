import FakeProviderKit
import Foundation

/// The location's pipelines (`pipelines.json`, the `GET /opportunities/pipelines` answer), custom
/// fields (`definitions.json` for opportunities, `contact-fields.json` for contacts: the
/// `GET /locations/{id}/customFields` answers) and named contacts (`contacts.json`). Answers are
/// served as stored, with the emulator's location id.
public struct HighLevelCatalog: Sendable {
    public let pipelines: Pipelines<String>
    /// The custom fields, as `catalog.json`'s `fields.opportunity` and `fields.contact` lay them out.
    public let opportunityFields: FieldDefinitions
    public let contactFields: FieldDefinitions
    /// How written opportunity custom field values are checked (`custom-field-checks.json`).
    let customFieldChecks: FieldValueChecks
    /// Contacts that always exist, whatever the seed size (ids tests and fixtures can name).
    public let namedContacts: [HighLevelContact]
    /// The opportunity record (`records.json`) and its formats.
    public let opportunity: HighLevelOpportunityShape
    /// The `PUT /opportunities/{id}/status` body (`records.json`, shape `statusUpdate`).
    let statusUpdate: RecordShape
    /// The search parameters (`search.json`) and how writes answer (`writes.json`).
    let search: HighLevelSearchQuery.Table
    let writes: RecordWriteAnswers
    /// The seeded sub-account (`account.json`) and how its records are made (`seed-recipe.json`).
    public let account: HighLevelAccount
    let seed: SeedRecipe

    public init(fixtures: ProviderFixtures) throws {
        pipelines = try Pipelines(fixtures: fixtures)
        opportunityFields = try FieldDefinitions(fixtures: fixtures, name: "opportunity")
        contactFields = try FieldDefinitions(fixtures: fixtures, name: "contact")
        customFieldChecks = try FieldValueChecks(fixtures: fixtures, file: "custom-field-checks.json")
        account = try fixtures.decode(HighLevelAccount.self, "account.json")
        seed = try SeedRecipe(fixtures: fixtures)
        namedContacts = try fixtures.list("contacts.json", member: "contacts").decode(HighLevelContact.self)
        opportunity = try HighLevelOpportunityShape(fixtures: fixtures)
        statusUpdate = try fixtures.shape("statusUpdate")
        search = try fixtures.decode(HighLevelSearchQuery.Table.self, "search.json")
        writes = try fixtures.writeAnswers(required: ["create", "update", "status", "delete"])
    }

    /// An opportunity field by id, full `fieldKey` (`opportunity.competitor`) or short key (`competitor`).
    func opportunityField(id: String?, key: String?) -> FieldDefinitions.Field? {
        if let id, let field = opportunityFields.field(id: id) { return field }
        if let key { return opportunityFields.all.first(where: { $0.key == key || $0.shortKey == key }) }
        return nil
    }
}
