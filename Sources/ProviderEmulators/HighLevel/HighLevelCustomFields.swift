import Foundation

/// A stored custom field value. Written as `field_value` (string, string array or object),
/// read back as `fieldValue` (spec) or a typed `fieldValue*` member (observed live; see `HighLevelCustomFieldReadShape`).
public enum HighLevelFieldValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case array([String])

    /// The Foundation JSON value.
    var jsonValue: Any {
        switch self {
        case .string(let text): return text
        case .number(let number):
            if number.rounded() == number, abs(number) < 1e15 { return Int64(number) }
            return number
        case .array(let items): return items
        }
    }

    /// The typed member name observed in live opportunity responses.
    var typedKey: String {
        switch self {
        case .string: return "fieldValueString"
        case .number: return "fieldValueNumber"
        case .array: return "fieldValueArray"
        }
    }
}

/// How `customFields` entries are written in opportunity responses.
public enum HighLevelCustomFieldReadShape: Sendable, Equatable {
    /// `{"id": ..., "fieldValue": ...}`: the official OpenAPI (`CustomFieldResponseSchema`, required `id` + `fieldValue`).
    case spec
    /// `{"id": ..., "fieldValueString" | "fieldValueNumber" | "fieldValueArray": ...}`: what third-party
    /// clients read from live opportunity responses. Not in the spec; opt in to test tolerant readers.
    case typed
}

/// One custom field definition, as served by `GET /locations/{locationId}/customFields`
/// (`CustomFieldSchema` in `apps/locations.json`).
public struct HighLevelCustomField: Sendable, Equatable {
    public let id: String
    public let name: String
    /// `opportunity.<key>` or `contact.<key>`.
    public let fieldKey: String
    public let dataType: String
    public let placeholder: String
    public let position: Int
    public let picklistOptions: [String]
    /// `contact` or `opportunity`.
    public let model: String

    var isOptions: Bool { dataType == "SINGLE_OPTIONS" || dataType == "MULTIPLE_OPTIONS" }

    /// The key without its `opportunity.` / `contact.` prefix.
    var shortKey: String {
        guard let dot = fieldKey.firstIndex(of: ".") else { return fieldKey }
        return String(fieldKey[fieldKey.index(after: dot)...])
    }

    func json(locationId: String) -> [String: Any] {
        var object: [String: Any] = [
            "id": id,
            "name": name,
            "fieldKey": fieldKey,
            "placeholder": placeholder,
            "dataType": dataType,
            "position": position,
            "locationId": locationId,
            "model": model,
        ]
        if isOptions {
            object["picklistOptions"] = picklistOptions
            object["picklistImageOptions"] = [String]()
            object["isAllowedCustomOption"] = false
        }
        return object
    }

    /// Checks and converts a written `field_value`; nil means "clear the value" (null, "" or []).
    /// Type rules are the emulator's (unverified): TEXT takes a string or number, NUMERICAL a number or numeric
    /// string, SINGLE_OPTIONS one of `picklistOptions`, MULTIPLE_OPTIONS a list (or one string) of them.
    func coerce(_ raw: Any, at index: Int) throws -> HighLevelFieldValue? {
        let label = "customFields.\(index).field_value"
        if raw is NSNull { return nil }
        switch dataType {
        case "NUMERICAL", "MONETORY":
            if let number = raw as? NSNumber, !Self.isBool(number) { return .number(number.doubleValue) }
            if let text = raw as? String {
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { return nil }
                if let number = Double(trimmed) { return .number(number) }
            }
            throw HighLevelAPIError.unprocessable(["\(label) must be a number for custom field \(name) (\(dataType))"])
        case "SINGLE_OPTIONS":
            guard let text = raw as? String else {
                throw HighLevelAPIError.unprocessable(["\(label) must be a string for custom field \(name) (\(dataType))"])
            }
            if text.isEmpty { return nil }
            guard picklistOptions.contains(text) else {
                throw HighLevelAPIError.unprocessable([
                    "\(label) must be one of the following values: \(picklistOptions.joined(separator: ", "))",
                ])
            }
            return .string(text)
        case "MULTIPLE_OPTIONS", "CHECKBOX":
            let items: [String]
            if let text = raw as? String { items = text.isEmpty ? [] : [text] }
            else if let list = raw as? [Any], list.allSatisfy({ $0 is String }) { items = list.compactMap { $0 as? String } }
            else {
                throw HighLevelAPIError.unprocessable(["\(label) must be an array of strings for custom field \(name) (\(dataType))"])
            }
            if items.isEmpty { return nil }
            for item in items where !picklistOptions.contains(item) {
                throw HighLevelAPIError.unprocessable([
                    "\(label) each value must be one of the following values: \(picklistOptions.joined(separator: ", "))",
                ])
            }
            return .array(items)
        default:
            if let text = raw as? String { return text.isEmpty ? nil : .string(text) }
            if let number = raw as? NSNumber, !Self.isBool(number) { return .string(number.stringValue) }
            throw HighLevelAPIError.unprocessable(["\(label) must be a string for custom field \(name) (\(dataType))"])
        }
    }

    /// JSON `true`/`false` arrive as NSNumber too; their Objective-C type is `c` on Darwin and Linux.
    static func isBool(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}

/// The location's seeded custom fields. Ids are fixed so tests and mappings can name them.
public enum HighLevelCustomFields {
    public static let renewalType = HighLevelCustomField(
        id: "Q5b8RenwTyp3xKv2LmZa", name: "Renewal type", fieldKey: "opportunity.renewal_type",
        dataType: "SINGLE_OPTIONS", placeholder: "Renewal type", position: 0,
        picklistOptions: ["New business", "Renewal", "Upsell"], model: "opportunity")
    public static let contractLength = HighLevelCustomField(
        id: "c9LtK2mQ7ContrLen4Xw", name: "Contract length", fieldKey: "opportunity.contract_length",
        dataType: "NUMERICAL", placeholder: "Months", position: 50,
        picklistOptions: [], model: "opportunity")
    public static let competitor = HighLevelCustomField(
        id: "Vh3Compet1tor8RtY2pN", name: "Competitor", fieldKey: "opportunity.competitor",
        dataType: "TEXT", placeholder: "Main competitor", position: 100,
        picklistOptions: [], model: "opportunity")
    public static let productLines = HighLevelCustomField(
        id: "Pr0dL1nes6Tz4Wq9KmBv", name: "Product lines", fieldKey: "opportunity.product_lines",
        dataType: "MULTIPLE_OPTIONS", placeholder: "Product lines", position: 150,
        picklistOptions: ["CRM", "Marketing", "Support", "Analytics"], model: "opportunity")
    /// A contact field, so `model=contact` and `model=all` have something to tell apart.
    public static let contactPincode = HighLevelCustomField(
        id: "3sv6UEo51C9Bmpo1cKTq", name: "Pincode", fieldKey: "contact.pincode",
        dataType: "TEXT", placeholder: "Pin code", position: 0,
        picklistOptions: [], model: "contact")

    public static let opportunityFields: [HighLevelCustomField] = [renewalType, contractLength, competitor, productLines]
    public static let contactFields: [HighLevelCustomField] = [contactPincode]
    public static let all: [HighLevelCustomField] = contactFields + opportunityFields

    /// An opportunity field by id, full `fieldKey` (`opportunity.competitor`) or short key (`competitor`).
    static func opportunityField(id: String?, key: String?) -> HighLevelCustomField? {
        if let id, let field = opportunityFields.first(where: { $0.id == id }) { return field }
        if let key {
            return opportunityFields.first(where: { $0.fieldKey == key || $0.shortKey == key })
        }
        return nil
    }

    /// An opportunity field by display name, case-insensitive.
    static func opportunityField(named name: String) -> HighLevelCustomField? {
        opportunityFields.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame })
    }
}
