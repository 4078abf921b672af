import FakeProviderKit
import Foundation

/// The location's fixtures (`mappings/highlevel/fixtures`). Lists (pipelines, the `definitions.json` and
/// `contact-fields.json` custom fields) are served as stored, with the emulator's location id.
public struct HighLevelCatalog: Sendable {
    public let pipelines: Pipelines<String>
    public let opportunityFields: FieldDefinitions
    public let contactFields: FieldDefinitions
    let customFieldChecks: FieldValueChecks
    /// Contacts that exist whatever the seed size (`contacts.json`).
    public let namedContacts: [HighLevelContact]
    /// The opportunity (`records.json`), its formats (`assignedTo` `""` reads as null), change stamps and custom field read shapes.
    public let opportunity: RecordShape
    let opportunityFormats: ShapeFormats, changeStamps: ChangeStamps, customFieldReads: [String: FieldValueList]
    /// The embedded contact summary and the `PUT /opportunities/{id}/status` body.
    let contact: RecordShape, statusUpdate: RecordShape
    let search: HighLevelSearchQuery.Table
    let writes: RecordWriteAnswers
    public let account: HighLevelAccount
    let seed: SeedRecipe

    public init(fixtures: ProviderFixtures) throws {
        pipelines = try Pipelines(fixtures: fixtures)
        opportunityFields = try FieldDefinitions(fixtures: fixtures, name: "opportunity")
        contactFields = try FieldDefinitions(fixtures: fixtures, name: "contact")
        customFieldChecks = try FieldValueChecks(fixtures: fixtures, file: "custom-field-checks.json")
        account = try fixtures.decode(HighLevelAccount.self, "account.json")
        seed = try SeedRecipe(fixtures: fixtures)
        (contact, statusUpdate) = (try fixtures.shape("contact"), try fixtures.shape("statusUpdate"))
        namedContacts = try fixtures.list("contacts.json", member: "contacts").items.map { [contact] in
            HighLevelContact(shape: contact, RecordValue(foundation: $0)?.object ?? [:])
        }
        opportunity = try fixtures.shape("opportunity")
        opportunityFormats = ShapeFormats(shape: opportunity, formats: ["empty-is-null": .init(read: { $0 == .string("") ? .null : $0 }, render: { $0 })])
        let records = try fixtures.decode(Records.self, "records.json").opportunity
        (changeStamps, customFieldReads) = (records.changeStamps, records.customFieldReads)
        if let read = HighLevelCustomFieldReadShape.allCases.first(where: { records.customFieldReads[$0.rawValue] == nil }) {
            throw FixtureError("\(fixtures.provider) records.json: opportunity.customFieldReads has no \(read.rawValue)")
        }
        search = try fixtures.decode(HighLevelSearchQuery.Table.self, "search.json")
        writes = try fixtures.writeAnswers(required: ["create", "update", "status", "delete"])
    }

    /// An opportunity field by id, full `fieldKey` (`opportunity.competitor`) or short key (`competitor`).
    func opportunityField(id: String?, key: String?) -> FieldDefinitions.Field? {
        id.flatMap(opportunityFields.field(id:)) ?? key.flatMap { key in opportunityFields.all.first { $0.key == key || $0.shortKey == key } }
    }

    /// An opportunity's JSON: `customFields` in the fields' order and `readShape`, the contact when known.
    func json(_ record: HighLevelOpportunity, contact linked: HighLevelContact?, readShape: HighLevelCustomFieldReadShape) -> [String: Any] {
        let list = customFieldReads[readShape.rawValue] ?? FieldValueList(members: [:])
        var extra: [String: Any] = ["customFields": list.render(record["customFields"].object ?? [:], fields: opportunityFields)]
        if let linked { extra["contact"] = contact.render(linked) }
        return opportunity.render(record, formats: opportunityFormats, extra: extra)
    }

    private struct Records: Decodable {
        struct Opportunity: Decodable { let changeStamps: ChangeStamps; let customFieldReads: [String: FieldValueList] }
        let opportunity: Opportunity
    }
}

/// The seeded sub-account (`account.json`): its users, and the location owning the few records the token may not touch.
public struct HighLevelAccount: Sendable, Decodable {
    public struct ForeignLocation: Sendable, Decodable { public let id: String; let seed: String; let count: Int }
    public let userIds: [String]
    public let foreignLocation: ForeignLocation
}

/// HighLevel's errors: the bodies (`BadRequestDTO`, `UnauthorizedDTO`, `UnprocessableDTO`) and fixed errors are `answers.json`.
enum HighLevelErrors {
    static let named = ["invalidToken", "versionMissing", "versionInvalid", "locationForbidden", "opportunityNotFound", "invalidJSON",
                        "unprocessable", "internal", "unknownPipeline", "stageNotInPipeline", "contactNotFound", "unknownField",
                        "fieldEntryNotAnObject", "fieldEntryNoReference", "statusNotStorable"]

    /// `UnprocessableDTO` with class-validator style messages.
    static func unprocessable(_ messages: [String]) -> FakeError {
        .named("unprocessable", ["message": .array(messages.map(RecordValue.string))])
    }

    /// `UnprocessableDTO` for one bad query parameter, in `wording`.
    static func query(_ wording: QueryProblemTexts) -> @Sendable (QueryProblem) -> FakeError { { unprocessable([wording.text($0)]) } }
}
