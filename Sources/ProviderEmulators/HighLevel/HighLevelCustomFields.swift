import FakeProviderKit
import Foundation

/// How `customFields` entries are written in opportunity responses.
public enum HighLevelCustomFieldReadShape: Sendable, Equatable {
    /// `{"id": ..., "fieldValue": ...}`: the official OpenAPI (`CustomFieldResponseSchema`, required `id` + `fieldValue`).
    case spec
    /// `{"id": ..., "fieldValueString" | "fieldValueNumber" | "fieldValueArray": ...}`: what third-party
    /// clients read from live opportunity responses. Not in the spec; opt in to test tolerant readers.
    case typed
}

/// HighLevel's custom field definitions (`CustomFieldSchema` in `apps/locations.json`): `fieldKey` is
/// `opportunity.<key>` or `contact.<key>`, options are the `picklistOptions` texts.
extension FieldDefinitions.Field {
    var picklistOptions: [String] { options.map(\.label) }

    /// The key without its `opportunity.` / `contact.` prefix.
    var shortKey: String {
        guard let dot = key.firstIndex(of: ".") else { return key }
        return String(key[key.index(after: dot)...])
    }

    /// Checks and converts a written `field_value`; nil means "clear the value" (null, "" or []).
    /// Type rules are the emulator's (unverified): TEXT takes a string or number, NUMERICAL a number or numeric
    /// string, SINGLE_OPTIONS one of `picklistOptions`, MULTIPLE_OPTIONS a list (or one string) of them.
    func coerce(_ raw: Any, at index: Int) throws -> RecordValue? {
        let label = "customFields.\(index).field_value"
        if raw is NSNull { return nil }
        switch type {
        case "NUMERICAL", "MONETORY":
            if let number = FakeJSON.number(raw) { return .number(number) }
            if let text = raw as? String {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return nil }
                if let number = Double(trimmed) { return .number(number) }
            }
            throw HighLevelErrors.unprocessable(["\(label) must be a number for custom field \(name) (\(type))"])
        case "SINGLE_OPTIONS":
            guard let text = raw as? String else {
                throw HighLevelErrors.unprocessable(["\(label) must be a string for custom field \(name) (\(type))"])
            }
            if text.isEmpty { return nil }
            guard picklistOptions.contains(text) else {
                throw HighLevelErrors.unprocessable([
                    "\(label) must be one of the following values: \(picklistOptions.joined(separator: ", "))",
                ])
            }
            return .string(text)
        case "MULTIPLE_OPTIONS", "CHECKBOX":
            let items: [String]
            if let text = raw as? String { items = text.isEmpty ? [] : [text] }
            else if let list = raw as? [Any], list.allSatisfy({ $0 is String }) { items = list.compactMap { $0 as? String } }
            else {
                throw HighLevelErrors.unprocessable(["\(label) must be an array of strings for custom field \(name) (\(type))"])
            }
            if items.isEmpty { return nil }
            for item in items where !picklistOptions.contains(item) {
                throw HighLevelErrors.unprocessable([
                    "\(label) each value must be one of the following values: \(picklistOptions.joined(separator: ", "))",
                ])
            }
            return .array(items.map(RecordValue.string))
        default:
            if let text = raw as? String { return text.isEmpty ? nil : .string(text) }
            if let number = raw as? NSNumber, FakeJSON.number(raw) != nil { return .string(number.stringValue) }
            throw HighLevelErrors.unprocessable(["\(label) must be a string for custom field \(name) (\(type))"])
        }
    }

    /// The typed member observed in live opportunity responses for a stored value.
    static func typedKey(_ value: RecordValue) -> String {
        switch value {
        case .number: "fieldValueNumber"
        case .array: "fieldValueArray"
        default: "fieldValueString"
        }
    }
}
