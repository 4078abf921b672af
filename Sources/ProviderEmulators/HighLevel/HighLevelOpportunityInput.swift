import FakeProviderKit
import Foundation

/// A checked `CreateDto` (`creating`: `pipelineId`, `locationId`, `name`, `status`, `contactId` required) or
/// `UpdateOpportunityDto` body, against the opportunity shape; every problem is one 422 (class-validator style).
public struct HighLevelOpportunityInput: Sendable {
    /// The opportunity's own fields by name (`assignedTo` `.null` clears); not `customFields`.
    public var values: [String: RecordValue]
    /// Values to set (`nil` clears), in body order; nil when `customFields` was absent.
    public var customFields: [(field: FieldDefinitions.Field, value: RecordValue?)]?

    /// `customFields` is `[{id | key, field_value}]`: unknown ids/keys are refused (400), not dropped. An entry without
    /// `field_value` (e.g. the read-side `fieldValue`) changes nothing, so such writes visibly do not stick.
    static func parse(_ body: [String: Any], creating: Bool, catalog: HighLevelCatalog) throws -> HighLevelOpportunityInput {
        let check = ShapeCheck(body, shape: catalog.opportunity, formats: catalog.opportunityFormats, creating: creating)
        if !check.violations.isEmpty { throw HighLevelErrors.unprocessable(check.allMessages) }
        var input = HighLevelOpportunityInput(values: check.values)
        guard let entries = input.values.removeValue(forKey: "customFields")?.array else { return input }
        do {
            input.customFields = try FieldEntries(id: "id", key: "key", value: "field_value").read(entries.map(\.foundation), find: catalog.opportunityField) {
                ($0.field, try $0.field.coerce($0.value, at: $0.index, checks: catalog.customFieldChecks))
            }
        } catch let problem as FieldEntries.Problem { throw problem.error }
        return input
    }
}

/// HighLevel's custom field definitions (`CustomFieldSchema`): `fieldKey` is `opportunity.<key>` or `contact.<key>`.
extension FieldDefinitions.Field {
    /// The key without its `opportunity.` / `contact.` prefix.
    var shortKey: String {
        guard let dot = key.firstIndex(of: ".") else { return key }
        return String(key[key.index(after: dot)...])
    }

    /// A written `field_value` checked (`custom-field-checks.json`); nil clears the value (null, "" or []).
    func coerce(_ raw: Any, at index: Int, checks: FieldValueChecks) throws -> RecordValue? {
        switch checks.value(RecordValue(foundation: raw) ?? .null, for: self, values: ["label": "customFields.\(index).field_value"]) {
        case .success(let value): return value.isNull ? nil : value
        case .failure(let failure): throw HighLevelErrors.unprocessable([failure.message])
        }
    }
}
