import FakeProviderKit
import Foundation

/// How `customFields` entries are written in opportunity responses (`records.json`, `customFieldReads`).
public enum HighLevelCustomFieldReadShape: String, Sendable, Equatable, CaseIterable {
    /// `{"id": ..., "fieldValue": ...}`: the official OpenAPI (`CustomFieldResponseSchema`, required `id` + `fieldValue`).
    case spec
    /// `{"id": ..., "fieldValueString" | "fieldValueNumber" | "fieldValueArray": ...}`: what third-party
    /// clients read from live opportunity responses. Not in the spec; opt in to test tolerant readers.
    case typed
}

/// HighLevel's custom field definitions (`CustomFieldSchema` in `apps/locations.json`): `fieldKey` is
/// `opportunity.<key>` or `contact.<key>`, options are the `picklistOptions` texts.
extension FieldDefinitions.Field {
    /// The key without its `opportunity.` / `contact.` prefix.
    var shortKey: String {
        guard let dot = key.firstIndex(of: ".") else { return key }
        return String(key[key.index(after: dot)...])
    }

    /// Checks and converts a written `field_value` (`custom-field-checks.json`); nil means "clear the value"
    /// (null, "" or []).
    func coerce(_ raw: Any, at index: Int, checks: FieldValueChecks) throws -> RecordValue? {
        switch checks.value(RecordValue(foundation: raw) ?? .null, for: self, values: ["label": "customFields.\(index).field_value"]) {
        case .success(let value): return value.isNull ? nil : value
        case .failure(let failure): throw HighLevelErrors.unprocessable([failure.message])
        }
    }
}
