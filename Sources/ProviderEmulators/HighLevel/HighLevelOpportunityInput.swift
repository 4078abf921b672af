import FakeProviderKit
import Foundation

/// A parsed `CreateDto` / `UpdateOpportunityDto` body. Validation follows the spec's schemas and
/// class-validator's message style (`x should not be empty`, `x must be a string`, ...), all reported at once in a 422.
public struct HighLevelOpportunityInput: Sendable {
    /// The write status values. The spec's enum also lists `all`, which only makes sense as a search filter.
    static let statusEnum = ["open", "won", "lost", "abandoned", "all"]
    static let statusEnumMessage = "status must be one of the following values: open, won, lost, abandoned, all"

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

    /// `[{id | key, field_value}]`. The emulator refuses unknown ids/keys (400) rather than dropping them.
    static func parseCustomFields(_ list: [Any], catalog: HighLevelCatalog) throws -> [(field: FieldDefinitions.Field, value: RecordValue?)] {
        var result: [(field: FieldDefinitions.Field, value: RecordValue?)] = []
        for (index, item) in list.enumerated() {
            guard let object = item as? [String: Any] else {
                throw HighLevelErrors.unprocessable(["customFields.\(index) must be an object"])
            }
            let id = object["id"] as? String
            let key = object["key"] as? String
            guard id != nil || key != nil else {
                throw HighLevelErrors.unprocessable(["customFields.\(index).id or customFields.\(index).key must be a string"])
            }
            guard let field = catalog.opportunityField(id: id, key: key) else {
                throw FakeError.badRequest("Custom field not found: \(id ?? key ?? "")")
            }
            // `field_value` is the written name. An entry without it (e.g. one that sends the read-side
            // `fieldValue`) changes nothing, so such writes visibly do not stick.
            guard let raw = object["field_value"] else { continue }
            result.append((field, try field.coerce(raw, at: index, checks: catalog.customFieldChecks)))
        }
        return result
    }
}
