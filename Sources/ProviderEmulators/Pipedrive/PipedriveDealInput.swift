import FakeProviderKit
import Foundation

/// A checked `POST /api/v2/deals` or `PATCH /api/v2/deals/{id}` body: the deal shape's checks
/// (`records.json`: types, enums, ranges, formats, references, first failure answered), then what
/// only Pipedrive checks. v2 is strict: numbers are not coerced from strings, booleans are only
/// `true`/`false`.
struct PipedriveDealInput: Sendable, Equatable {
    /// Checked values of the deal's own fields, by name (`.null` clears); not `custom_fields`.
    var values: [String: RecordValue]
    /// Custom field key → value in wire form (`.null` clears).
    var customFields: [String: RecordValue] = [:]

    static func parse(_ body: [String: Any], creating: Bool, catalog: PipedriveCatalog) throws(FakeError) -> PipedriveDealInput {
        let check = ShapeCheck(body, shape: catalog.deal.shape, formats: catalog.deal.formats, creating: creating)
        if let message = check.firstMessage { throw .badRequest(message) }
        var input = PipedriveDealInput(values: check.values)
        if let s = input.values["stage_id"]?.int, let p = input.values["pipeline_id"]?.int, catalog.pipelines.stage(s)?.pipeline != p {
            throw .badRequest("Validation failed: stage_id: stage \(s) does not belong to pipeline \(p)")
        }
        if input.values.removeValue(forKey: "is_deleted") == .bool(true) {
            throw .badRequest(creating
                ? "Validation failed: is_deleted: creating an already deleted deal is not allowed"
                : "Validation failed: is_deleted: use DELETE /api/v2/deals/{id} to delete a deal")
        }
        input.customFields = try catalog.fields.checkedCustomValues(input.values.removeValue(forKey: "custom_fields")?.object ?? [:],
            checks: catalog.customChecks, unknown: "Validation failed: custom_fields: unknown custom field key '{key}'")
        return input
    }
}
