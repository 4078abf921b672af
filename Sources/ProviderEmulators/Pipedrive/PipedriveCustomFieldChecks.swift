import FakeProviderKit
import Foundation

/// How a written custom field value is checked (`custom-field-checks.json`): named checks per
/// `field_type`, in order, and the reason the first failing one answers.
struct PipedriveCustomFieldChecks: Sendable, Decodable {
    struct Check: Sendable, Decodable {
        /// A key of `PipedriveCustomFieldChecks.checks`.
        let check: String
        let reason: String
    }

    let message: String
    let unsupported: String
    let types: [String: [Check]]

    /// The value to store for `raw` written to `field` (`.null` clears), or the failure it answers.
    func value(_ raw: RecordValue, for field: FieldDefinitions.Field) throws(FakeError) -> RecordValue {
        if raw.isNull { return .null }
        guard let list = types[field.type] else { throw failure(field, unsupported.replacingOccurrences(of: "{type}", with: field.type)) }
        var value = raw
        for check in list {
            guard let next = Self.checks[check.check]?(value, field) else {
                throw failure(field, check.reason.replacingOccurrences(of: "{value}", with: value.int.map(String.init) ?? ""))
            }
            value = next
        }
        return value
    }

    private func failure(_ field: FieldDefinitions.Field, _ reason: String) -> FakeError {
        .badRequest(message.replacingOccurrences(of: "{key}", with: field.key).replacingOccurrences(of: "{reason}", with: reason))
    }

    private static func isOption(_ value: RecordValue, of field: FieldDefinitions.Field) -> Bool {
        field.options.contains { $0.value.int != nil && $0.value.int == value.int }
    }

    /// The named checks: the value passed on when valid, nil when not.
    static let checks: [String: @Sendable (RecordValue, FieldDefinitions.Field) -> RecordValue?] = [
        "string": { value, _ in value.string != nil ? value : nil },
        "short": { value, _ in (value.string?.count ?? 0) <= 255 ? value : nil },
        "number": { value, _ in value.double != nil ? value : nil },
        "integer": { value, _ in value.int != nil ? value : nil },
        "positiveInteger": { value, _ in (value.int ?? 0) > 0 ? value : nil },
        "option": { value, field in isOption(value, of: field) ? value : nil },
        "nonEmptyArray": { value, _ in value.array?.isEmpty == false ? value : nil },
        "options": { value, field in (value.array ?? []).allSatisfy { isOption($0, of: field) } ? value : nil },
        "money": { value, _ in value.object?["value"]?.double != nil ? value : nil },
        "currency": { value, _ in
            guard let object = value.object, let amount = object["value"]?.double else { return nil }
            let currency = object["currency"]?.string ?? "USD"
            return currency.count == 3 ? .object(["value": .number(amount), "currency": .string(currency.uppercased())]) : nil
        },
        "date": { value, _ in value.string.flatMap { TimeText.date.parse($0) } != nil ? value : nil },
    ]
}
