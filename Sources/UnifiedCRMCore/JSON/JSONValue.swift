import Foundation

/// A JSON document as a Swift value: what account contexts, request bodies and mapped records are made of.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number; integers of any length are kept exactly (see `JSONNumber`).
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// A number from a `Double` (integral values are held as integers).
    public static func number(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }
    /// A number from an integer.
    public static func integer(_ value: Int) -> JSONValue { .number(JSONNumber(value)) }

    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }

    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var isNull: Bool { self == .null }

    /// Value at a dotted path such as `oauth.token.access_token`.
    public func value(atPath path: String) -> JSONValue? {
        value(at: path.split(separator: ".").map(String.init))
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(JSONNumber(integer))
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([JSONValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number):
            if let integer = number.int64 { try container.encode(integer) } else { try container.encode(number.double) }
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array)
        case .object(let object): try container.encode(object)
        }
    }
}

extension JSONValue {
    /// Parses JSON bytes within `limits`; throws `JSONParseError` with a readable message for
    /// malformed, too deep or too large input.
    public static func parse(_ data: Data, limits: JSONLimits = .default) throws -> JSONValue {
        try JSONParser.parse(data, limits: limits)
    }

    /// Compact JSON bytes with sorted keys (stable output for storage and tests).
    public func encoded() -> Data {
        Data(JSONWriter.encode(self))
    }
}
