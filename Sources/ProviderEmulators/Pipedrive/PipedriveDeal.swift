import FakeProviderKit
import Foundation

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
