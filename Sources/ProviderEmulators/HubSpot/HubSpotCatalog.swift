import FakeProviderKit
import Foundation

/// The account's pipelines (`pipelines.json`, the `GET /crm/v3/pipelines/deals` answer) and deal
/// properties (`definitions.json`, the `GET /crm/v3/properties/deals` answer), served as read.
public struct HubSpotCatalog: Sendable {
    public let pipelines: Pipelines<String>
    public let properties: HubSpotDealProperties
    /// The seeded account (`account.json`) and how its deals are made (`seed-recipe.json`).
    public let account: HubSpotAccount
    /// The stored deal (`records.json`) and its formats.
    let dealShape: RecordShape
    let dealFormats: ShapeFormats
    /// The object types deals are associated with (`associations.json`).
    public let associations: AssociationTypes
    let seed: SeedRecipe
    /// How a bad query parameter is worded (`query-errors.json`).
    let queryErrors: QueryProblemTexts

    public init(fixtures: ProviderFixtures) throws {
        pipelines = try Pipelines(fixtures: fixtures)
        account = try fixtures.decode(HubSpotAccount.self, "account.json")
        properties = try HubSpotDealProperties(try FieldDefinitions(fixtures: fixtures, name: "deal"), pipelines: pipelines,
                                               ownerIDs: account.ownerIds, fixtures: fixtures)
        queryErrors = try fixtures.decode(QueryProblemTexts.self, "query-errors.json")
        associations = try fixtures.decode(AssociationTypes.self, "associations.json")
        seed = try SeedRecipe(fixtures: fixtures)
        dealShape = try fixtures.shape("deal")
        dealFormats = ShapeFormats(shape: dealShape, formats: ["text": .text])
    }
}

/// The seeded account's facts (`account.json`).
public struct HubSpotAccount: Sendable, Decodable {
    /// `hubspot_owner_id` values a deal may carry.
    public let ownerIds: [String]
    /// The first seeded deal id.
    public let firstDealId: Int
}
