import FakeProviderKit
import Foundation

/// A deal pipeline stage (`PipelineStage`); `isWon` is a closed stage with probability 1.0.
public struct HubSpotPipelineStage: Sendable, Equatable, Decodable {
    public let id: String
    public let label: String
    public let displayOrder: Int
    let metadata: Metadata
    struct Metadata: Sendable, Equatable, Decodable { let probability: String; let isClosed: String }

    /// `metadata.probability`, a string between "0.0" and "1.0".
    public var probability: String { metadata.probability }
    public var isClosed: Bool { metadata.isClosed == "true" }
    public var isWon: Bool { isClosed && probability == "1.0" }
}

/// A deal pipeline (`Pipeline`).
public struct HubSpotPipeline: Sendable, Equatable, Decodable {
    public let id: String
    public let label: String
    public let displayOrder: Int
    public let stages: [HubSpotPipelineStage]

    public func stage(_ id: String) -> HubSpotPipelineStage? { stages.first { $0.id == id } }
}

/// An option of an enumeration property.
public struct HubSpotPropertyOption: Sendable, Equatable, Decodable {
    public let label: String
    public let value: String
    public let displayOrder: Int
}

/// What the emulator needs of a deal property definition (`Property` model) to validate writes.
public struct HubSpotPropertyDefinition: Sendable, Equatable, Decodable {
    public enum Kind: String, Sendable, Decodable { case string, number, enumeration, datetime, date, bool }

    public let name: String
    public let label: String
    public let type: Kind
    public let options: [HubSpotPropertyOption]
    /// HubSpot's own properties carry `hubspotDefined: true`; custom ones omit the field.
    let hubspotDefined: Bool?
    let modificationMetadata: Metadata
    struct Metadata: Sendable, Equatable, Decodable { let readOnlyValue: Bool }

    /// `modificationMetadata.readOnlyValue`: writes are rejected.
    public var readOnlyValue: Bool { modificationMetadata.readOnlyValue }
    public var isCustom: Bool { hubspotDefined != true }
}

/// The account's pipelines (`pipelines.json`, the `GET /crm/v3/pipelines/deals` answer) and deal
/// properties (`definitions.json`, the `GET /crm/v3/properties/deals` answer), served as read.
public struct HubSpotCatalog: Sendable {
    public let pipelines: [HubSpotPipeline]
    public let properties: HubSpotDealProperties
    /// The seeded account (`account.json`) and how its deals are made (`seed-recipe.json`).
    public let account: HubSpotAccount
    let seed: SeedRecipe
    /// The answers as stored, served verbatim.
    let pipelinesAnswer: FixtureList
    let propertiesAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        pipelinesAnswer = try fixtures.list("pipelines.json", member: "results")
        propertiesAnswer = try fixtures.list("definitions.json", member: "results")
        pipelines = try pipelinesAnswer.decode(HubSpotPipeline.self)
        account = try fixtures.decode(HubSpotAccount.self, "account.json")
        properties = HubSpotDealProperties(try propertiesAnswer.decode(HubSpotPropertyDefinition.self), pipelines: pipelines,
                                           ownerIDs: account.ownerIds,
                                           returned: try fixtures.decode(HubSpotDealProperties.Returned.self, "returned-properties.json"),
                                           checks: try fixtures.decode(HubSpotPropertyChecks.self, "property-checks.json"))
        seed = try SeedRecipe(fixtures: fixtures)
    }

    /// `pipelines.json`'s `results`, or the one pipeline with `id`.
    func pipelineJSON(id: String? = nil) -> Any? {
        guard let id else { return pipelinesAnswer.items }
        return pipelinesAnswer.item("id", equals: id)
    }
}
