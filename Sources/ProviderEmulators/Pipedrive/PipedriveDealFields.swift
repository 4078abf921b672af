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

/// The company's deal fields (`definitions.json`, the `GET /v1/dealFields` answer) and pipelines
/// (`stages.json`, the `GET /api/v2/stages` answer, as `catalog.json` lays it out), served as read.
public struct PipedriveCatalog: Sendable {
    public let fields: [PipedriveDealField]
    public let pipelines: Pipelines<Int>
    /// The deal record (`records.json`) and its formats.
    public let deal: PipedriveDealShape
    /// How the seeded deals are made (`seed-recipe.json`).
    let seed: SeedRecipe
    let fieldsAnswer: FixtureList

    public init(fixtures: ProviderFixtures) throws {
        fieldsAnswer = try fixtures.list("definitions.json", member: "data")
        fields = try fieldsAnswer.decode(PipedriveDealField.self)
        pipelines = try Pipelines(fixtures: fixtures)
        seed = try SeedRecipe(fixtures: fixtures)
        deal = try PipedriveDealShape(fixtures: fixtures, pipelines: pipelines, labels: fields.first { $0.key == "label" }?.options ?? [])
    }

    public var customFields: [PipedriveDealField] { fields.filter(\.isCustom) }
    /// Deal labels (v1 field `label`, v2 deal property `label_ids`).
    public var labelOptions: [PipedriveFieldOption] { fields.first { $0.key == "label" }?.options ?? [] }

    public func custom(key: String) -> PipedriveDealField? { customFields.first { $0.key == key } }

    /// A custom field by its display name (case-insensitive).
    public func custom(named name: String) -> PipedriveDealField? {
        customFields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }
}
