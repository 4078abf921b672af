import FakeProviderKit
import Foundation

/// One option of an `enum` / `set` field (`{"id": 34, "label": "Auto-renew"}`). Custom-field options
/// have numeric ids; a few built-in fields (status, visible_to) use strings.
public struct PipedriveFieldOption: Sendable, Equatable, Decodable {
    public var id: Int?
    public var label: String

    enum CodingKeys: String, CodingKey { case id, label }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try? c.decode(Int.self, forKey: .id)
        label = try c.decode(String.self, forKey: .label)
    }
}

/// What the emulator needs of a deal field (`GET /v1/dealFields` item) to validate and render deals.
public struct PipedriveDealField: Sendable, Equatable, Decodable {
    public var id: Int
    /// Plain name for built-in fields (`title`, `value`), 40-char hex hash for custom fields.
    public var key: String
    public var name: String
    /// v1 `field_type`: `varchar`, `double`, `enum`, `set`, `date`, `monetary`, `user`, `org`, `people`, ...
    public var fieldType: String
    public var options: [PipedriveFieldOption]?
    /// Built-in fields are not editable as field definitions (`edit_flag: false`); custom ones are.
    public var isCustom: Bool

    enum CodingKeys: String, CodingKey {
        case id, key, name, options
        case fieldType = "field_type", isCustom = "edit_flag"
    }
}

/// A pipeline stage (what the emulator needs of a `GET /api/v2/stages` item).
public struct PipedriveStage: Sendable, Equatable, Decodable {
    public var id: Int
    public var orderNr: Int
    public var name: String
    public var pipelineID: Int

    enum CodingKeys: String, CodingKey { case id, name, orderNr = "order_nr", pipelineID = "pipeline_id" }
}

/// The company's deal fields (`definitions.json`, the `GET /v1/dealFields` answer) and stages
/// (`stages.json`, the `GET /api/v2/stages` answer), served as read.
public struct PipedriveCatalog: Sendable {
    public let fields: [PipedriveDealField]
    public let stages: [PipedriveStage]
    /// The deal record (`records.json`) and its formats.
    public let deal: PipedriveDealShape
    /// How the seeded deals are made (`seed-recipe.json`).
    let seed: SeedRecipe
    let fieldsAnswer: FixtureList
    let stagesAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        fieldsAnswer = try fixtures.list("definitions.json", member: "data")
        stagesAnswer = try fixtures.list("stages.json", member: "data")
        fields = try fieldsAnswer.decode(PipedriveDealField.self)
        stages = try stagesAnswer.decode(PipedriveStage.self)
        seed = try SeedRecipe(fixtures: fixtures)
        deal = try PipedriveDealShape(fixtures: fixtures, stages: stages, labels: fields.first { $0.key == "label" }?.options ?? [])
    }

    public var customFields: [PipedriveDealField] { fields.filter(\.isCustom) }
    /// Deal labels (v1 field `label`, v2 deal property `label_ids`).
    public var labelOptions: [PipedriveFieldOption] { fields.first { $0.key == "label" }?.options ?? [] }

    public func stage(_ id: Int) -> PipedriveStage? { stages.first { $0.id == id } }

    /// The first stage of a pipeline (where new deals land when no stage is given).
    public func firstStage(ofPipeline pipelineID: Int) -> PipedriveStage? {
        stages.filter { $0.pipelineID == pipelineID }.min { $0.orderNr < $1.orderNr }
    }

    public func custom(key: String) -> PipedriveDealField? { customFields.first { $0.key == key } }

    /// A custom field by its display name (case-insensitive).
    public func custom(named name: String) -> PipedriveDealField? {
        customFields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
