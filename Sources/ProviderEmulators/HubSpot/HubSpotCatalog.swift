import FakeProviderKit
import Foundation

/// HubSpot's stage metadata (`PipelineStage.metadata`): `probability`, a string between "0.0" and "1.0",
/// and `isClosed`; a won stage is closed with probability 1.0.
extension Pipelines.Stage where ID == String {
    public var probability: String? { member("metadata", "probability")?.string }
    public var isClosed: Bool { member("metadata", "isClosed")?.string == "true" }
    public var isWon: Bool { isClosed && probability == "1.0" }
}

/// HubSpot's property metadata (`Property.modificationMetadata.readOnlyValue`): writes are rejected.
extension FieldDefinitions.Field {
    public var readOnlyValue: Bool { member("modificationMetadata", "readOnlyValue")?.bool ?? false }
}

/// The account's pipelines (`pipelines.json`, the `GET /crm/v3/pipelines/deals` answer) and deal
/// properties (`definitions.json`, the `GET /crm/v3/properties/deals` answer), served as read.
public struct HubSpotCatalog: Sendable {
    public let pipelines: Pipelines<String>
    public let properties: HubSpotDealProperties
    /// The seeded account (`account.json`) and how its deals are made (`seed-recipe.json`).
    public let account: HubSpotAccount
    /// The stored deal (`records.json`).
    let dealShape: RecordShape
    /// The object types deals are associated with (`associations.json`).
    public let associations: HubSpotAssociations
    let seed: SeedRecipe

    public init(fixtures: ProviderFixtures) throws {
        pipelines = try Pipelines(fixtures: fixtures)
        account = try fixtures.decode(HubSpotAccount.self, "account.json")
        properties = try HubSpotDealProperties(try FieldDefinitions(fixtures: fixtures, name: "deal"), pipelines: pipelines,
                                           ownerIDs: account.ownerIds,
                                           returned: try fixtures.decode(HubSpotDealProperties.Returned.self, "returned-properties.json"),
                                           fixtures: fixtures)
        associations = try fixtures.decode(HubSpotAssociations.self, "associations.json")
        seed = try SeedRecipe(fixtures: fixtures)
        dealShape = try fixtures.shape("deal")
    }

    /// `pipelines.json`'s `results`, or the one pipeline with `id`.
    func pipelineJSON(id: String? = nil) -> Any? {
        guard let id else { return pipelines.answer.items }
        return pipelines.answer.item("id", equals: id)
    }
}

/// The seeded account's facts (`account.json`).
public struct HubSpotAccount: Sendable, Decodable {
    /// `hubspot_owner_id` values a deal may carry.
    public let ownerIds: [String]
    /// The first seeded deal id.
    public let firstDealId: Int
}
