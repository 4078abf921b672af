import Foundation

/// A JSON value that is `Sendable` and `Equatable`: how a `ShapedRecord` stores its fields.
/// (Not Core's `JSONValue`: the kit knows nothing of Core.)
/// Numbers are doubles; whole ones print as integers (`FakeJSON.compactNumber`), as providers do.
public enum RecordValue: Sendable, Equatable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([RecordValue])
    case object([String: RecordValue])

    /// A Foundation JSON value (`JSONSerialization` output); nil for anything else.
    public init?(foundation value: Any) {
        switch value {
        case is NSNull: self = .null
        case let text as String: self = .string(text)
        case let list as [Any]:
            var items: [RecordValue] = []
            for item in list {
                guard let converted = RecordValue(foundation: item) else { return nil }
                items.append(converted)
            }
            self = .array(items)
        case let object as [String: Any]:
            var members: [String: RecordValue] = [:]
            for (key, item) in object {
                guard let converted = RecordValue(foundation: item) else { return nil }
                members[key] = converted
            }
            self = .object(members)
        default:
            if FakeJSON.isBool(value), let flag = value as? Bool { self = .bool(flag) }
            else if let number = FakeJSON.number(value) { self = .number(number) }
            else { return nil }
        }
    }

    /// The Foundation form `JSONSerialization` writes.
    public var foundation: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let flag): return flag
        case .number(let number): return FakeJSON.compactNumber(number)
        case .string(let text): return text
        case .array(let items): return items.map(\.foundation)
        case .object(let members): return members.mapValues(\.foundation)
        }
    }

    public static func int(_ value: Int) -> RecordValue { .number(Double(value)) }
    public static func int64(_ value: Int64) -> RecordValue { .number(Double(value)) }
    /// `value`, or null.
    public static func optional(_ value: RecordValue?) -> RecordValue { value ?? .null }

    public var isNull: Bool { self == .null }
    public var string: String? { if case .string(let text) = self { text } else { nil } }
    public var double: Double? { if case .number(let number) = self { number } else { nil } }
    public var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }
    public var array: [RecordValue]? { if case .array(let items) = self { items } else { nil } }
    public var object: [String: RecordValue]? { if case .object(let members) = self { members } else { nil } }
    /// A whole number.
    public var int: Int? {
        guard let number = double, number.rounded() == number, abs(number) < 9.0e15 else { return nil }
        return Int(number)
    }
    public var int64: Int64? { int.map(Int64.init) }

    /// The JSON type name used by `RecordShape` (`integer` for whole numbers).
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: int != nil ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// How a message quotes the value (`{value}`): strings bare, the rest as JSON (whole numbers
    /// without a fraction).
    public var messageText: String {
        switch self {
        case .string(let text): return text
        case .number(let number): return int.map(String.init) ?? String(number)
        default:
            return FakeJSON.sortedData([foundation]).map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? ""
        }
    }
}

extension RecordValue: Decodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let flag = try? container.decode(Bool.self) { self = .bool(flag) }
        else if let number = try? container.decode(Double.self) { self = .number(number) }
        else if let text = try? container.decode(String.self) { self = .string(text) }
        else if let items = try? container.decode([RecordValue].self) { self = .array(items) }
        else { self = .object(try container.decode([String: RecordValue].self)) }
    }
}
