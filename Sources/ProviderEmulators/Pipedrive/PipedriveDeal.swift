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
        let pipelineIDs = Set(pipelines.all.map(\.id)), stageIDs = Set(pipelines.stages.map(\.id)), labelIDs = Set(labels.compactMap(\.value.int))
        formats = ShapeFormats(shape: shape, formats: [
            "currency": .init(read: { value in
                guard let code = value.string, code.count == 3, code.allSatisfy({ $0.isLetter && $0.isASCII }) else { return nil }
                return .string(code.uppercased())
            }, render: { $0 }),
        ], references: [
            "pipeline": { $0.int.map(pipelineIDs.contains) ?? false },
            "stage": { $0.int.map(stageIDs.contains) ?? false },
            "label": { $0.int.map(labelIDs.contains) ?? false },
        ])
    }

    /// The API v2 JSON object: every custom field of `fields` under `custom_fields` (null when
    /// unset), restricted to `onlyCustomFields` when given (the `custom_fields` query parameter).
    func json(_ deal: PipedriveDeal, fields: FieldDefinitions, onlyCustomFields: Set<String>? = nil) -> [String: Any] {
        let stored = deal["custom_fields"].object ?? [:]
        var custom: [String: Any] = [:]
        for field in fields.custom where onlyCustomFields?.contains(field.key) ?? true {
            custom[field.key] = (stored[field.key] ?? .null).foundation
        }
        return shape.render(deal, formats: formats, extra: ["custom_fields": custom])
    }
}
