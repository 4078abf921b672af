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
        for (key, value) in input.values.removeValue(forKey: "custom_fields")?.object ?? [:] {
            guard let field = catalog.fields.custom(key: key) else {
                throw .badRequest("Validation failed: custom_fields: unknown custom field key '\(key)'")
            }
            input.customFields[key] = try customValue(field, value)
        }
        return input
    }

    private static func invalid(_ field: String, _ reason: String) -> FakeError {
        .badRequest("Validation failed: \(field): \(reason)")
    }

    /// A custom field value by the field's `field_type`, in the form the API returns it.
    private static func customValue(_ field: FieldDefinitions.Field, _ raw: RecordValue) throws(FakeError) -> RecordValue {
        if raw.isNull { return .null }
        let name = "custom_fields.\(field.key)"
        let isOption = { (value: RecordValue) in field.options.contains { $0.value.int != nil && $0.value.int == value.int } }
        switch field.type {
        case "varchar", "varchar_auto", "text", "phone":
            guard let s = raw.string else { throw invalid(name, "must be a string") }
            if field.type != "text", s.count > 255 { throw invalid(name, "must be at most 255 characters") }
        case "double":
            guard raw.double != nil else { throw invalid(name, "must be a number") }
        case "enum":
            guard let id = raw.int else { throw invalid(name, "must be a numeric option id") }
            guard isOption(raw) else { throw invalid(name, "option \(id) does not exist") }
        case "set":
            guard let items = raw.array, !items.isEmpty else {
                throw invalid(name, "must be a non-empty array of option ids (use null to clear)")
            }
            guard items.allSatisfy(isOption) else { throw invalid(name, "contains an unknown option id") }
        case "monetary":
            guard let object = raw.object, let value = object["value"]?.double else {
                throw invalid(name, "must be an object with numeric value and currency")
            }
            let currency = object["currency"]?.string ?? "USD"
            guard currency.count == 3 else { throw invalid(name, "currency must be a 3-letter code") }
            return .object(["value": .number(value), "currency": .string(currency.uppercased())])
        case "date":
            guard let s = raw.string, TimeText.date.parse(s) != nil else { throw invalid(name, "must be a date in YYYY-MM-DD format") }
        case "user", "org", "people":
            guard let id = raw.int, id > 0 else { throw invalid(name, "must be a positive integer") }
        default:
            throw invalid(name, "field type \(field.type) is not supported by the emulator")
        }
        return raw
    }
}
