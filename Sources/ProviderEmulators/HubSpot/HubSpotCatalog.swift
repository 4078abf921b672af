import FakeProviderKit
import Foundation

/// A deal pipeline stage (`PipelineStage`); `isWon` is a closed stage with probability 1.0.
public struct HubSpotPipelineStage: Sendable, Equatable, Decodable {
    public let id: String
    public let label: String
    public let displayOrder: Int
    /// `metadata.probability`, a string between "0.0" and "1.0".
    public let probability: String
    public let isClosed: Bool
    public var isWon: Bool { isClosed && probability == "1.0" }

    enum CodingKeys: String, CodingKey { case id, label, displayOrder, metadata }
    struct Metadata: Decodable { let probability: String; let isClosed: String }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        label = try c.decode(String.self, forKey: .label)
        displayOrder = try c.decode(Int.self, forKey: .displayOrder)
        let metadata = try c.decode(Metadata.self, forKey: .metadata)
        probability = metadata.probability
        isClosed = metadata.isClosed == "true"
    }
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
    public let hubspotDefined: Bool
    /// `modificationMetadata.readOnlyValue`: writes are rejected.
    public let readOnlyValue: Bool
    public var isCustom: Bool { !hubspotDefined }

    enum CodingKeys: String, CodingKey { case name, label, type, options, hubspotDefined, modificationMetadata }
    struct Metadata: Decodable { let readOnlyValue: Bool }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        label = try c.decode(String.self, forKey: .label)
        type = try c.decode(Kind.self, forKey: .type)
        options = try c.decode([HubSpotPropertyOption].self, forKey: .options)
        hubspotDefined = try c.decodeIfPresent(Bool.self, forKey: .hubspotDefined) ?? false
        readOnlyValue = try c.decode(Metadata.self, forKey: .modificationMetadata).readOnlyValue
    }
}

/// The account's pipelines (`pipelines.json`, the `GET /crm/v3/pipelines/deals` answer) and deal
/// properties (`definitions.json`, the `GET /crm/v3/properties/deals` answer), served as read.
public struct HubSpotCatalog: Sendable {
    public let pipelines: [HubSpotPipeline]
    public let properties: HubSpotDealProperties
    /// What the seed picks from (`seed.json`).
    let seedWords: SeedVocabulary
    /// The answers as stored, served verbatim.
    let pipelinesAnswer: FixtureList
    let propertiesAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        pipelinesAnswer = try fixtures.list("pipelines.json", member: "results")
        propertiesAnswer = try fixtures.list("definitions.json", member: "results")
        pipelines = try pipelinesAnswer.decode(HubSpotPipeline.self)
        properties = HubSpotDealProperties(try propertiesAnswer.decode(HubSpotPropertyDefinition.self), pipelines: pipelines)
        seedWords = try SeedVocabulary(fixtures: fixtures, required: HubSpotSeed.vocabulary)
    }

    /// The pipeline used when a deal is created without `pipeline` (the account's first).
    public var defaultPipeline: HubSpotPipeline { pipelines[0] }

    public func pipeline(_ id: String) -> HubSpotPipeline? { pipelines.first { $0.id == id } }

    /// The stage with this id in any pipeline.
    func anyStage(_ id: String) -> HubSpotPipelineStage? {
        for pipeline in pipelines { if let stage = pipeline.stage(id) { return stage } }
        return nil
    }

    /// `pipelines.json`'s `results`, or the one pipeline with `id`.
    func pipelineJSON(id: String? = nil) -> Any? {
        guard let id else { return pipelinesAnswer.items }
        return pipelinesAnswer.items.first { $0["id"] as? String == id }
    }
}
