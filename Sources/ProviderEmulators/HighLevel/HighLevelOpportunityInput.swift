import FakeProviderKit
import Foundation

/// A parsed `CreateDto` / `UpdateOpportunityDto` body. Validation follows the spec's schemas and
/// class-validator's message style (`x should not be empty`, `x must be a string`, ...), all reported at once in a 422.
public struct HighLevelOpportunityInput: Sendable {
    /// Checked values of the opportunity's own fields by name (`assignedTo` `.null` clears); not `customFields`.
    public var values: [String: RecordValue]
    /// Values to set (`nil` value = clear), in body order; nil when `customFields` was absent.
    public var customFields: [(field: FieldDefinitions.Field, value: RecordValue?)]?

    /// Parses a create (`creating == true`: `CreateDto`, required `pipelineId`, `locationId`, `name`, `status`,
    /// `contactId`) or update (`UpdateOpportunityDto`, everything optional) body against the
    /// opportunity shape (`records.json`).
    static func parse(_ body: [String: Any], creating: Bool, catalog: HighLevelCatalog) throws -> HighLevelOpportunityInput {
        let check = ShapeCheck(body, shape: catalog.opportunity.shape, formats: catalog.opportunity.formats, creating: creating)
        if !check.violations.isEmpty { throw HighLevelErrors.unprocessable(check.allMessages) }
        var input = HighLevelOpportunityInput(values: check.values)
        if let rawFields = input.values.removeValue(forKey: "customFields")?.array {
            input.customFields = try parseCustomFields(rawFields.map(\.foundation), catalog: catalog)
        }
        return input
    }

    /// `[{id | key, field_value}]`. The emulator refuses unknown ids/keys (400) rather than dropping them. `field_value`
    /// is the written name: an entry without it (e.g. one that sends the read-side `fieldValue`) changes nothing, so
    /// such writes visibly do not stick.
    static func parseCustomFields(_ list: [Any], catalog: HighLevelCatalog) throws -> [(field: FieldDefinitions.Field, value: RecordValue?)] {
        do {
            return try FieldEntries(id: "id", key: "key", value: "field_value").read(list, find: catalog.opportunityField) { entry in
                (entry.field, try entry.field.coerce(entry.value, at: entry.index, checks: catalog.customFieldChecks))
            }
        } catch let problem as FieldEntries.Problem { throw problem.error }
    }
}
