import Foundation

/// How a provider checks values written to its defined fields (a `*-checks.json` table): for each
/// field type, or for one field by key (which wins over its type), named checks run in order; each
/// passes the value on (possibly in its stored form), clears it (answers null: later checks are
/// skipped), or fails with the provider's error code and message. `otherTypes` are the steps of a
/// type the table does not list; without them such a type fails with `unsupported`, or, without
/// that, is stored as written. Unknown and read-only fields have their own failures. Null clears
/// and is not checked.
///
/// Messages are templates filled once (`TextTemplate`): `{key}` is the field key, `{name}` its
/// display name, `{type}` its type, `{value}` the value the failing check saw, as text, `{options}`
/// the allowed options (each written as the `option` template with `{label}`, `{value}`,
/// `{displayOrder}`; default: the labels), plus any values the caller passes. With a top-level
/// `message`, a step's `reason` fills its `{reason}`. Every named check must exist when the table
/// is loaded.
public struct FieldValueChecks: Sendable {
    /// A named check: the value to pass on (null: the write clears the field), nil when `value` is
    /// not valid for `field`.
    public typealias Check = @Sendable (RecordValue, FieldDefinitions.Field) -> RecordValue?

    /// One check of a list and what its failure says.
    public struct Step: Sendable, Decodable {
        /// A named check; `any` (the default) passes every value.
        public let check: String
        public let error: String?
        public let message: String?
        public let reason: String?

        init(message: String) {
            (check, error, self.message, reason) = ("any", nil, message, nil)
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            check = try container.decodeIfPresent(String.self, forKey: .check) ?? "any"
            error = try container.decodeIfPresent(String.self, forKey: .error)
            message = try container.decodeIfPresent(String.self, forKey: .message)
            reason = try container.decodeIfPresent(String.self, forKey: .reason)
        }

        enum CodingKeys: String, CodingKey { case check, error, message, reason }
    }

    /// A value the provider refuses.
    public struct Failure: Error, Sendable, Equatable {
        /// The provider's error code (`INVALID_OPTION`), when it has one.
        public let code: String?
        /// The field key.
        public let key: String
        public let message: String
        /// The written value as text, nil when there was none to show.
        public let value: String?

        public init(code: String?, key: String, message: String, value: String?) {
            (self.code, self.key, self.message, self.value) = (code, key, message, value)
        }
    }

    private struct Table: Decodable {
        let message: String?
        let unknown: Step?
        let readOnly: Step?
        /// Answered for a type without checks; absent: such values are stored as written.
        let unsupported: Step?
        let types: [String: [Step]]
        let otherTypes: [Step]?
        let fields: [String: [Step]]?
        let option: String?
    }

    private let table: Table
    private let checks: [String: Check]

    /// The table in `file`, with the kit's named checks and the provider's `extra` ones (which win).
    public init(fixtures: ProviderFixtures, file: String, extra: [String: Check] = [:]) throws(FixtureError) {
        table = try fixtures.decode(Table.self, file)
        let named = Self.standard.merging(extra) { $1 }
        var checks: [String: Check] = [:]
        for step in Array(table.types.values.joined()) + (table.fields ?? [:]).values.joined() + (table.otherTypes ?? []) {
            guard let check = named[step.check] ?? Self.parameterized(step.check) else {
                throw FixtureError("\(fixtures.provider) \(file): no check named \"\(step.check)\" (known: \(named.keys.sorted().joined(separator: ", ")), maxLength:N)")
            }
            checks[step.check] = check
        }
        self.checks = checks
    }

    /// Whether a field of `field`'s key or type has checks.
    public func covers(_ field: FieldDefinitions.Field) -> Bool { steps(field) != nil }

    /// The value to store for `raw` written to `field` (null: clear it), or the failure the
    /// provider answers; `values` fill further placeholders of the messages.
    public func value(_ raw: RecordValue, for field: FieldDefinitions.Field, values: [String: String] = [:]) -> Result<RecordValue, Failure> {
        if raw.isNull { return .success(.null) }
        guard let steps = steps(field) else {
            guard let unsupported = table.unsupported else { return .success(raw) }
            return .failure(failure(unsupported, field: field, value: raw, extra: values))
        }
        var value = raw
        for step in steps {
            guard let next = checks[step.check]?(value, field) else {
                return .failure(failure(step, field: field, value: value, extra: values))
            }
            if next.isNull { return .success(.null) }
            value = next
        }
        return .success(value)
    }

    /// The failure for a field the provider does not define.
    public func unknown(_ key: String) -> Failure {
        failure(table.unknown ?? Step(message: "unknown field {key}"), key: key, value: nil)
    }

    /// The failure for a write to a read-only field.
    public func readOnly(_ field: FieldDefinitions.Field, value: RecordValue) -> Failure {
        failure(table.readOnly ?? Step(message: "{key} is read-only"), field: field, value: value)
    }

    /// The failure of `type`'s first step that has one, listing `options`: for a rule checked
    /// outside the table (a stage that is not in the record's pipeline) in the table's words.
    public func failure(ofType type: String, field: FieldDefinitions.Field, value: RecordValue, options: [FieldDefinitions.Option]) -> Failure? {
        guard let step = table.types[type]?.first(where: { $0.message != nil || $0.reason != nil }) else { return nil }
        return failure(step, field: field, value: value, options: options)
    }

    private func steps(_ field: FieldDefinitions.Field) -> [Step]? { table.fields?[field.key] ?? table.types[field.type] ?? table.otherTypes }

    private func failure(_ step: Step, field: FieldDefinitions.Field, value: RecordValue?, options: [FieldDefinitions.Option]? = nil,
                         extra: [String: String] = [:]) -> Failure {
        let list = (options ?? field.options).map { option in
            TextTemplate.fill(table.option ?? "{label}", ["label": option.label, "value": option.value.messageText, "displayOrder": String(option.order ?? 0)])
        }.joined(separator: ", ")
        let values = ["name": field.name, "type": field.type, "options": list].merging(extra) { $1 }
        return failure(step, key: field.key, value: value, values: values)
    }

    private func failure(_ step: Step, key: String, value: RecordValue?, values given: [String: String] = [:]) -> Failure {
        let text = value.map(\.messageText)
        let values = given.merging(["key": key, "value": text ?? ""]) { old, _ in old }
        var message = TextTemplate.fill(step.message ?? step.reason ?? "", values)
        if let wrapper = table.message, step.message == nil { message = TextTemplate.fill(wrapper, values.merging(["reason": message]) { $1 }) }
        return Failure(code: step.error, key: key, message: message, value: text)
    }
}

extension FieldValueChecks {
    /// Checks a write of several fields by key (`input`, in order; `.null` clears): a key `field`
    /// does not find, a field `readOnly` refuses, and each value by its field's checks. The values
    /// to store (`.null`: clear) and every failure, in input order.
    public func check(_ input: [(key: String, value: RecordValue)], field: (String) -> FieldDefinitions.Field?,
                      readOnly: (FieldDefinitions.Field) -> Bool = { _ in false }) -> (values: [String: RecordValue], failures: [Failure]) {
        var values: [String: RecordValue] = [:], failures: [Failure] = []
        for (key, raw) in input {
            guard let definition = field(key) else { failures.append(unknown(key)); continue }
            if readOnly(definition) { failures.append(self.readOnly(definition, value: raw)); continue }
            switch value(raw, for: definition) {
            case .success(let stored): values[key] = stored
            case .failure(let failure): failures.append(failure)
            }
        }
        return (values, failures)
    }
}
