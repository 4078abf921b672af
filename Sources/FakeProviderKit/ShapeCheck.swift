import Foundation

/// One failed check of a write against a `RecordShape`: the field, the rule and the messages its
/// template gave.
public struct ShapeViolation: Sendable, Equatable {
    public let field: String
    /// `unknown`, `required`, `null`, `type`, `nonEmpty`, `enum`, `range`, `maxLength`, `format`, `reference`.
    public let rule: String
    public let messages: [String]
}

/// A create or update body checked against a `RecordShape`, field by field in shape order.
public struct ShapeCheck: Sendable {
    /// The values to store, by field (only members the body set; `.null` clears).
    public private(set) var values: [String: RecordValue] = [:]
    /// Every failed check, unknown members first, then in shape order (at most one a field).
    public private(set) var violations: [ShapeViolation] = []

    public init(_ body: [String: Any], shape: RecordShape, formats: ShapeFormats = ShapeFormats(), creating: Bool) {
        let writable = shape.writableNames
        let unknown = body.keys.filter { !writable.contains($0) }.sorted()
        if !unknown.isEmpty, shape.messages["unknown"] != nil {
            violations.append(Self.violation(nil, "unknown", shape, ["fields": unknown.joined(separator: ", ")]))
        }
        for field in shape.fields where field.write == .always || (field.write == .create && creating) {
            let required = creating && field.required
            guard let raw = body[field.name], !(raw is NSNull && !field.nullable && field.null == .absent) else {
                if required { violations.append(Self.violation(field, "required", shape)) }
                continue
            }
            do { values[field.name] = try Self.value(raw, field, required: required, formats: formats) } catch {
                violations.append(Self.violation(field, error.rule, shape, error.values))
            }
        }
    }

    /// The first violation's first message (providers that answer one error at a time).
    public var firstMessage: String? { violations.first?.messages.first }

    /// Every message, in order (providers that list them all).
    public var allMessages: [String] { violations.flatMap(\.messages) }

    struct Failure: Error {
        let rule: String
        var values: [String: String] = [:]
    }

    static func value(_ raw: Any, _ field: RecordShape.Field, required: Bool, formats: ShapeFormats) throws(Failure) -> RecordValue {
        guard let value = RecordValue(foundation: raw) else { throw Failure(rule: "type") }
        if value.isNull {
            guard field.nullable else { throw Failure(rule: "null") }
            return .null
        }
        guard matches(value, field.type) else { throw Failure(rule: "type") }
        var stored = value
        if case .string(let text) = value {
            switch field.nonEmpty {
            case .always?: if text.isEmpty { throw Failure(rule: "nonEmpty") }
            case .trimmed?: if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw Failure(rule: "nonEmpty") }
            case .whenRequired?: if required, text.isEmpty { throw Failure(rule: "nonEmpty") }
            case nil: break
            }
            if let maxLength = field.maxLength, text.count > maxLength { throw Failure(rule: "maxLength") }
        }
        if let number = value.double, field.minimum.map({ number < $0 }) == true || field.maximum.map({ number > $0 }) == true {
            throw Failure(rule: "range")
        }
        if case .array(let items) = value {
            var kept: [RecordValue] = []
            for item in items {
                if let type = field.items, !matches(item, type) { throw Failure(rule: "type") }
                if let allowed = field.enum, !allowed.contains(item) { throw Failure(rule: "enum", values: ["value": item.messageText]) }
                if let name = field.reference, let exists = formats.references[name], !exists(item) {
                    throw Failure(rule: "reference", values: ["value": item.messageText])
                }
                if field.items == nil || !kept.contains(item) { kept.append(item) }
            }
            stored = .array(kept)
            return stored
        } else if let allowed = field.enum, !allowed.contains(value) {
            throw Failure(rule: "enum")
        }
        if let name = field.format, let format = formats.formats[name] {
            guard let read = format.read(stored) else { throw Failure(rule: "format") }
            stored = read
        }
        if let name = field.reference, let exists = formats.references[name], !exists(stored) {
            throw Failure(rule: "reference", values: ["value": stored.messageText])
        }
        return stored
    }

    static func matches(_ value: RecordValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("any", _), ("string", .string), ("boolean", .bool), ("number", .number), ("array", .array), ("object", .object): true
        case ("integer", .number): value.int != nil
        default: false
        }
    }

    /// A rule without a template of its own answers with this one's (a null or an out-of-range
    /// value is "of the wrong type" unless the fixture says otherwise).
    static let fallback = ["null": "type", "range": "type", "format": "type"]

    /// The template for `rule`: the field's, else the shape's `rule.<type>`, else the shape's
    /// `rule`, else the same for the rule's `fallback`.
    static func template(_ field: RecordShape.Field?, _ rule: String, _ shape: RecordShape) -> RecordShape.MessageTemplate? {
        let found = field?.messages[rule] ?? field.flatMap { shape.messages["\(rule).\($0.type)"] } ?? shape.messages[rule]
        return found ?? fallback[rule].flatMap { template(field, $0, shape) }
    }

    static func violation(_ field: RecordShape.Field?, _ rule: String, _ shape: RecordShape,
                          _ extra: [String: String] = [:]) -> ShapeViolation {
        let template = template(field, rule, shape)
        var values = extra
        if let field {
            values["field"] = field.name
            values["enum"] = field.enum?.map(\.messageText).joined(separator: ", ")
            values["minimum"] = field.minimum.map { RecordValue.number($0).messageText }
            values["maximum"] = field.maximum.map { RecordValue.number($0).messageText }
            values["maxLength"] = field.maxLength.map(String.init)
        }
        let lines = (template?.lines ?? ["{field}: invalid (\(rule))"]).map { line in
            values.reduce(line) { text, entry in text.replacingOccurrences(of: "{\(entry.key)}", with: entry.value) }
        }
        return ShapeViolation(field: field?.name ?? "", rule: rule, messages: lines)
    }
}
