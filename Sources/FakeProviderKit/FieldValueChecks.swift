/// How a written value of a defined field (a custom field, a property) is checked, as data: the
/// named checks each field type runs, in order, and the reason the first failing one answers.
///
/// ```json
/// {"message": "Validation failed: custom_fields.{key}: {reason}",
///  "unsupported": "field type {type} is not supported",
///  "types": {"enum": [{"check": "integer", "reason": "must be a numeric option id"},
///                     {"check": "option", "reason": "option {value} does not exist"}]}}
/// ```
///
/// `{key}` is the field's key, `{type}` its type, `{value}` the checked value when an integer.
/// Null clears and is not checked. Each check passes the value on (`currency` upper-cases it and
/// fills in `defaultCurrency`).
public struct FieldValueChecks: Sendable, Decodable {
    /// One step of a type's checks.
    public struct Check: Sendable, Decodable {
        /// A key of `FieldValueChecks.checks`.
        public let check: String
        public let reason: String
    }

    public let message: String
    public let unsupported: String
    public let types: [String: [Check]]
    /// The currency of a `{value}` object written without one.
    public let defaultCurrency: String

    enum CodingKeys: String, CodingKey { case message, unsupported, types, defaultCurrency }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        message = try c.decode(String.self, forKey: .message)
        unsupported = try c.decode(String.self, forKey: .unsupported)
        types = try c.decode([String: [Check]].self, forKey: .types)
        defaultCurrency = try c.decodeIfPresent(String.self, forKey: .defaultCurrency) ?? "USD"
        for check in types.values.joined() where Self.checks[check.check] == nil {
            throw DecodingError.dataCorruptedError(forKey: .types, in: c, debugDescription: "unknown check \"\(check.check)\"")
        }
    }

    /// The value to store for `raw` written to `field` (`.null` clears), or the 400 it answers.
    public func value(_ raw: RecordValue, for field: FieldDefinitions.Field) throws(FakeError) -> RecordValue {
        if raw.isNull { return .null }
        guard let list = types[field.type] else { throw failure(field, unsupported.replacingOccurrences(of: "{type}", with: field.type)) }
        var value = raw
        for check in list {
            guard let next = Self.checks[check.check]?(value, field, defaultCurrency) else {
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

    /// The named checks: the value passed on when valid, nil when not (options are matched by
    /// integer id).
    public static let checks: [String: @Sendable (RecordValue, FieldDefinitions.Field, String) -> RecordValue?] = [
        "string": { value, _, _ in value.string != nil ? value : nil },
        "short": { value, _, _ in (value.string?.count ?? 0) <= 255 ? value : nil },
        "number": { value, _, _ in value.double != nil ? value : nil },
        "integer": { value, _, _ in value.int != nil ? value : nil },
        "positiveInteger": { value, _, _ in (value.int ?? 0) > 0 ? value : nil },
        "option": { value, field, _ in isOption(value, of: field) ? value : nil },
        "nonEmptyArray": { value, _, _ in value.array?.isEmpty == false ? value : nil },
        "options": { value, field, _ in (value.array ?? []).allSatisfy { isOption($0, of: field) } ? value : nil },
        "money": { value, _, _ in value.object?["value"]?.double != nil ? value : nil },
        "currency": { value, _, fallback in
            guard let object = value.object, let amount = object["value"]?.double else { return nil }
            let currency = object["currency"]?.string ?? fallback
            return currency.count == 3 ? .object(["value": .number(amount), "currency": .string(currency.uppercased())]) : nil
        },
        "date": { value, _, _ in value.string.flatMap { TimeText.date.parse($0) } != nil ? value : nil },
    ]
}
