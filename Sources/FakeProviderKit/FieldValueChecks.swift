import Foundation

/// How a provider checks values written to its defined fields (a `*-checks.json` table): for each
/// field type, or for one field by key (which wins over its type), named checks run in order; each
/// passes the value on (possibly in its stored form) or fails with the provider's error code and
/// message. Unknown and read-only fields have their own failures.
///
/// Messages are templates filled once: `{name}` is the field key, `{value}` the written value as
/// text, `{type}` the field type, `{options}` the allowed options (each written as the `option`
/// template with `{label}`, `{value}`, `{displayOrder}`). With a top-level `message`, a step's
/// `reason` fills its `{reason}`. Every named check must exist when the table is loaded.
public struct FieldValueChecks: Sendable {
    /// A named check: the value to pass on, nil when `value` is not valid for `field`.
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
        public let name: String
        public let message: String
        /// The written value as text, nil when there was none to show.
        public let value: String?

        public init(code: String?, name: String, message: String, value: String?) {
            (self.code, self.name, self.message, self.value) = (code, name, message, value)
        }
    }

    private struct Table: Decodable {
        let message: String?
        let unknown: Step?
        let readOnly: Step?
        /// Answered for a type without checks; absent: such values are stored as written.
        let unsupported: Step?
        let types: [String: [Step]]
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
        for step in Array(table.types.values.joined()) + (table.fields ?? [:]).values.joined() {
            guard let check = named[step.check] ?? Self.parameterized(step.check) else {
                throw FixtureError("\(fixtures.provider) \(file): no check named \"\(step.check)\" (known: \(named.keys.sorted().joined(separator: ", ")), maxLength:N)")
            }
            checks[step.check] = check
        }
        self.checks = checks
    }

    /// Whether a field of `field`'s key or type has checks.
    public func covers(_ field: FieldDefinitions.Field) -> Bool { steps(field) != nil }

    /// The value to store for `raw` written to `field` (null clears and is not checked), or the
    /// failure the provider answers.
    public func value(_ raw: RecordValue, for field: FieldDefinitions.Field) -> Result<RecordValue, Failure> {
        if raw.isNull { return .success(.null) }
        guard let steps = steps(field) else {
            guard let unsupported = table.unsupported else { return .success(raw) }
            return .failure(failure(unsupported, name: field.key, value: raw, type: field.type))
        }
        var value = raw
        for step in steps {
            guard let next = checks[step.check]?(value, field) else {
                return .failure(failure(step, name: field.key, value: value, type: field.type, options: field.options))
            }
            value = next
        }
        return .success(value)
    }

    /// The failure for a field the provider does not define.
    public func unknown(_ name: String) -> Failure {
        failure(table.unknown ?? Step(message: "unknown field {name}"), name: name, value: nil)
    }

    /// The failure for a write to a read-only field.
    public func readOnly(_ name: String, value: RecordValue) -> Failure {
        failure(table.readOnly ?? Step(message: "{name} is read-only"), name: name, value: value)
    }

    /// The failure of `type`'s first step that has one, listing `options`: for a rule checked
    /// outside the table (a stage that is not in the record's pipeline) in the table's words.
    public func failure(ofType type: String, name: String, value: RecordValue, options: [FieldDefinitions.Option]) -> Failure? {
        guard let step = table.types[type]?.first(where: { $0.message != nil || $0.reason != nil }) else { return nil }
        return failure(step, name: name, value: value, type: type, options: options)
    }

    private func steps(_ field: FieldDefinitions.Field) -> [Step]? { table.fields?[field.key] ?? table.types[field.type] }

    private func failure(_ step: Step, name: String, value: RecordValue?, type: String = "",
                         options: [FieldDefinitions.Option] = []) -> Failure {
        let text = value.map(\.messageText)
        let list = options.map { option in
            Self.fill(table.option ?? "{value}", ["label": option.label, "value": option.value.messageText, "displayOrder": String(option.order ?? 0)])
        }.joined(separator: ", ")
        let values = ["name": name, "value": text ?? "", "type": type, "options": list]
        var message = Self.fill(step.message ?? step.reason ?? "", values)
        if let wrapper = table.message, step.message == nil { message = Self.fill(wrapper, values.merging(["reason": message]) { $1 }) }
        return Failure(code: step.error, name: name, message: message, value: text)
    }

    /// Fills `{key}` placeholders in one pass, so a value that contains "{...}" is not filled again.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            let key = String(rest[rest.index(after: open)..<close])
            result += rest[..<open] + (values[key] ?? String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
