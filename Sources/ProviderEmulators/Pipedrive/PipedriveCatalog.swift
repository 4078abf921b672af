import FakeProviderKit
import Foundation

/// The company's deal fields (`definitions.json`, the `GET /v1/dealFields` answer) and pipelines
/// (`stages.json`, the `GET /api/v2/stages` answer, as `catalog.json` lays it out), served as read,
/// and the rules of deal writes and lists, all from the fixtures.
public struct PipedriveCatalog: Sendable {
    /// The deal fields, as `catalog.json`'s `fields.deal` lays out `definitions.json`.
    public let fields: FieldDefinitions
    public let pipelines: Pipelines<Int>
    /// The deal record (`records.json`) and its formats.
    public let deal: PipedriveDealShape
    /// How written custom field values are checked (`custom-field-checks.json`).
    let customChecks: FieldValueChecks
    /// How the seeded deals are made (`seed-recipe.json`).
    let seed: SeedRecipe
    /// What a deal write sets besides its fields (`deal-rules.json`).
    let rules: WriteRules
    /// What `GET /api/v2/deals` reads from its query (`deal-list.json`).
    let list: KeysetListQuery
    /// How bad API v2 and v1 query parameters are answered (`query-errors.json`).
    let queryErrors: QueryErrors
    struct QueryErrors: Sendable, Decodable { let v2, v1: QueryProblemTexts }

    public init(fixtures: ProviderFixtures) throws {
        fields = try FieldDefinitions(fixtures: fixtures, name: "deal")
        pipelines = try Pipelines(fixtures: fixtures)
        seed = try SeedRecipe(fixtures: fixtures)
        customChecks = try FieldValueChecks(fixtures: fixtures, file: "custom-field-checks.json")
        rules = try fixtures.decode(WriteRules.self, "deal-rules.json")
        list = try fixtures.decode(KeysetListQuery.self, "deal-list.json")
        queryErrors = try fixtures.decode(QueryErrors.self, "query-errors.json")
        deal = try PipedriveDealShape(fixtures: fixtures, pipelines: pipelines, labels: fields.field(key: "label")?.options ?? [])
    }

    /// The seeded deals: `seed-recipe.json`'s `deals` table (users from `account.json`).
    func seededDeals(count: Int) throws -> [PipedriveDeal] {
        try seed.records("deals", count: max(0, count)).map { PipedriveDeal(shape: deal.shape, $0) }
    }

    /// A deal as the API v2 writes it, its custom fields restricted to `only` when given.
    func json(_ record: PipedriveDeal, only: Set<String>? = nil) -> [String: Any] { deal.json(record, fields: fields, onlyCustomFields: only) }

    /// The named errors the emulator answers; the error envelope and these errors are data (`answers.json`).
    static let namedErrors = ["unauthorized", "notFound", "internal"]

    /// 400 for a bad API v2 query parameter ("Validation failed: limit: must be ...").
    func query(_ problem: QueryProblem) -> FakeError { .badRequest(queryErrors.v2.text(problem)) }

    /// 400 for a bad API v1 query parameter ("start must be a non-negative integer").
    func v1Query(_ problem: QueryProblem) -> FakeError { .badRequest(queryErrors.v1.text(problem)) }
}

/// A deal as stored: the API v2 deal object's fields (`records.json`, shape `deal`) as JSON values,
/// times as epoch seconds. `custom_fields` holds only the custom fields with a value, in wire form.
public typealias PipedriveDeal = ShapedRecord

/// The deal shape (its times declared in `records.json`), 3-letter currency codes and the lookups
/// for pipeline, stage and label ids.
public struct PipedriveDealShape: Sendable {
    public let shape: RecordShape
    let formats: ShapeFormats

    init(fixtures: ProviderFixtures, pipelines: Pipelines<Int>, labels: [FieldDefinitions.Option]) throws {
        shape = try fixtures.shape("deal")
        let labelIDs = Set(labels.compactMap(\.value.int))
        formats = ShapeFormats(shape: shape, formats: ["currency": .currencyCode], references: pipelines.references.merging([
            "label": { $0.int.map(labelIDs.contains) ?? false },
        ]) { $1 })
    }

    /// The API v2 JSON object: every custom field of `fields` under `custom_fields` (null when
    /// unset), restricted to `onlyCustomFields` when given (the `custom_fields` query parameter).
    func json(_ deal: PipedriveDeal, fields: FieldDefinitions, onlyCustomFields: Set<String>? = nil) -> [String: Any] {
        shape.render(deal, formats: formats, extra: ["custom_fields": fields.customValues(deal["custom_fields"].object ?? [:], only: onlyCustomFields)])
    }
}
