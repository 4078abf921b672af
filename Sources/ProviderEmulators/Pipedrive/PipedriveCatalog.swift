import FakeProviderKit
import Foundation

/// The company's deal fields (`definitions.json`, the `GET /v1/dealFields` answer) and pipelines
/// (`stages.json`, the `GET /api/v2/stages` answer, as `catalog.json` lays it out), served as read.
public struct PipedriveCatalog: Sendable {
    /// The deal fields, as `catalog.json`'s `fields.deal` lays out `definitions.json`.
    public let fields: FieldDefinitions
    public let pipelines: Pipelines<Int>
    /// The deal record (`records.json`) and its formats.
    public let deal: PipedriveDealShape
    /// How written custom field values are checked (`custom-field-checks.json`).
    let customChecks: PipedriveCustomFieldChecks
    /// How the seeded deals are made (`seed-recipe.json`).
    let seed: SeedRecipe

    public init(fixtures: ProviderFixtures) throws {
        fields = try FieldDefinitions(fixtures: fixtures, name: "deal")
        pipelines = try Pipelines(fixtures: fixtures)
        seed = try SeedRecipe(fixtures: fixtures)
        customChecks = try fixtures.decode(PipedriveCustomFieldChecks.self, "custom-field-checks.json")
        deal = try PipedriveDealShape(fixtures: fixtures, pipelines: pipelines, labels: fields.field(key: "label")?.options ?? [])
    }
}
