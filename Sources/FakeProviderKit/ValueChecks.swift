/// How a provider checks a written field value, as data (a fixture such as `custom-field-checks.json`):
/// for each field type, named checks run in order; each passes the value on (maybe converted),
/// clears it, or fails with its `reason`, answered inside `message`. Null clears and is not checked.
///
/// ```json
/// {"message": "{label} {reason}",
///  "types": {"NUMERICAL": [{"check": "numberOrNumericText", "reason": "must be a number"}]},
///  "otherTypes": [{"check": "textOrNumber", "reason": "must be a string"}, {"check": "emptyClears"}]}
/// ```
///
/// Placeholders of `message` and reasons: `{reason}`, `{key}`, `{name}` and `{type}` of the field,
/// `{options}` (its option labels, comma separated), `{value}` (the value the failing check saw,
/// as text) and any value the caller passes.
public struct ValueChecks: Sendable, Decodable {
    /// One step of a type's list: a named check and the reason it answers when it fails.
    public struct Step: Sendable, Decodable, Equatable {
        public let check: String
        public let reason: String?

        public init(check: String, reason: String? = nil) {
            self.check = check
            self.reason = reason
        }
    }

    /// What a named check made of a value.
    public enum Outcome: Sendable, Equatable {
        /// Valid: the value to pass on.
        case pass(RecordValue)
        /// Valid, and it clears the field (`""`, `[]`): later checks are skipped.
        case clear
        case fail
    }

    /// A named check: a value and the field it is written to.
    public typealias Check = @Sendable (RecordValue, FieldDefinitions.Field) -> Outcome

    /// The answer to a failed check, `message` filled.
    public struct Failure: Error, Sendable, Equatable {
        public let message: String

        public init(message: String) { self.message = message }
    }

    /// Wraps the failing step's reason (default `{reason}`).
    public let message: String
    public let types: [String: [Step]]
    /// Steps for a type `types` does not list; nil: such a type fails with `unsupported`.
    public let otherTypes: [Step]?
    /// The reason for a type without steps (default `field type {type} is not supported`).
    public let unsupported: String

    public init(message: String = "{reason}", types: [String: [Step]], otherTypes: [Step]? = nil,
                unsupported: String = "field type {type} is not supported") {
        self.message = message
        self.types = types
        self.otherTypes = otherTypes
        self.unsupported = unsupported
    }

    enum CodingKeys: String, CodingKey { case message, types, otherTypes, unsupported }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(message: try c.decodeIfPresent(String.self, forKey: .message) ?? "{reason}",
                  types: try c.decodeIfPresent([String: [Step]].self, forKey: .types) ?? [:],
                  otherTypes: try c.decodeIfPresent([Step].self, forKey: .otherTypes),
                  unsupported: try c.decodeIfPresent(String.self, forKey: .unsupported) ?? "field type {type} is not supported")
    }

    /// The value to store for `raw` written to `field`, `.null` when it clears the field. `checks`
    /// resolves the steps' names (the standard ones, plus any a provider adds); `values` fill
    /// placeholders of the messages. A step naming no known check fails.
    public func value(_ raw: RecordValue, for field: FieldDefinitions.Field, checks: [String: Check] = ValueChecks.standard,
                      values: [String: String] = [:]) throws(Failure) -> RecordValue {
        if raw.isNull { return .null }
        guard let steps = types[field.type] ?? otherTypes else { throw failure(unsupported, field, raw, values) }
        var value = raw
        for step in steps {
            switch checks[step.check]?(value, field) ?? .fail {
            case .pass(let next): value = next
            case .clear: return .null
            case .fail: throw failure(step.reason ?? "is invalid", field, value, values)
            }
        }
        return value
    }

    private func failure(_ reason: String, _ field: FieldDefinitions.Field, _ value: RecordValue,
                         _ extra: [String: String]) -> Failure {
        var values = ["key": field.key, "name": field.name, "type": field.type,
                      "options": field.options.map(\.label).joined(separator: ", "), "value": Self.text(value)]
        values.merge(extra) { _, given in given }
        let text = message.replacingOccurrences(of: "{reason}", with: reason)
        return Failure(message: TextTemplate.fill(text, values))
    }

    /// A value as message text: strings as they are, numbers as providers print them, others as JSON.
    static func text(_ value: RecordValue) -> String {
        switch value {
        case .string(let text): text
        case .number: ValueChecks.numberText(value) ?? ""
        case .bool(let flag): String(flag)
        case .null: "null"
        case .array, .object: FakeJSON.sortedData(value.foundation).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }
}
