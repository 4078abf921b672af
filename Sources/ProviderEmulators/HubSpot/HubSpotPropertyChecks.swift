import FakeProviderKit
import Foundation

/// How a written deal property is checked (`property-checks.json`): a named format per property
/// type, or per property over its type, and HubSpot's error code and message when it fails.
struct HubSpotPropertyChecks: Sendable, Decodable {
    struct Check: Sendable, Decodable {
        /// A key of `HubSpotPropertyChecks.formats`.
        let format: String?
        let error: String?
        let message: String?
    }

    let unknown: Check
    let readOnly: Check
    let types: [String: Check]
    let properties: [String: Check]
    /// How `{options}` writes each allowed option.
    let option: String

    /// The check of a property: its own, else its type's.
    func check(_ definition: FieldDefinitions.Field) -> Check? { properties[definition.key] ?? types[definition.type] }

    /// The failure `check` answers for `value` of `name`; `options` fill `{options}`.
    func failure(_ check: Check, name: String, value: String?, options: [FieldDefinitions.Option] = []) -> HubSpotPropertyValidation {
        let list = options.map { option in
            fill(self.option, ["label": option.label, "value": option.value.string ?? "", "displayOrder": String(option.order ?? 0)])
        }.joined(separator: ", ")
        let message = fill(check.message ?? "", ["name": name, "value": value ?? "", "options": list])
        return HubSpotPropertyValidation(error: check.error ?? "", name: name, message: message, propertyValue: value)
    }

    private func fill(_ template: String, _ values: [String: String]) -> String {
        // One pass, so a value that contains "{...}" is not filled again.
        var result = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let key = String(rest[rest.index(after: open)..<close])
            result += rest[..<open] + (values[key] ?? String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }

    /// The named formats: the stored form of a valid written value, nil when it is not valid.
    /// `stage` passes the value through: pipeline and stage are checked together afterwards.
    static let formats: [String: @Sendable (String, FieldDefinitions.Field, Set<String>) -> String?] = [
        "text": { value, _, _ in value },
        "stage": { value, _, _ in value },
        "number": { value, _, _ in HubSpotDealProperties.isHubSpotNumber(value) ? value : nil },
        "datetime": { value, _, _ in HubSpotTime.parse(value).map(HubSpotTime.iso) },
        "date": { value, _, _ in
            HubSpotTime.parse(value).flatMap { $0 % 86_400_000 == 0 ? String(HubSpotTime.iso($0).prefix(10)) : nil }
        },
        "bool": { value, _, _ in ["true", "false"].contains(value.lowercased()) ? value.lowercased() : nil },
        "option": { value, definition, _ in definition.options.contains { $0.value == .string(value) } ? value : nil },
        "owner": { value, _, owners in owners.contains(value) ? value : nil },
    ]
}
