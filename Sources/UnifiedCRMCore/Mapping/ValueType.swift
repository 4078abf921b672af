import Foundation

/// How a value is encoded on the provider's side; each case is a pair of inverse conversions
/// between the native JSON value and the unified one. The closed set a mapping file may name in `type`.
public enum ValueType: String, Sendable, CaseIterable {
    /// Native string ↔ unified string (native numbers read as their decimal text).
    case string
    /// Native number ↔ unified number.
    case number
    /// Native decimal text such as `"1500.00"` ↔ unified number.
    case decimalString = "decimal_string"
    /// Native string or number id ↔ unified string id; written as a string.
    case id
    /// Native integer id ↔ unified string id; written as a number.
    case idNumber = "id_number"
    /// Native integer minor units (cents) ↔ unified number in major units (Close, Stripe-style money).
    case moneyCents = "money_cents"
    /// Native ISO 8601 date-time ↔ unified ISO 8601 date-time in UTC.
    case datetime
    /// Native `YYYY-MM-DD` ↔ unified date-time at midnight UTC.
    case date
    /// Native milliseconds since the epoch (number or numeric string) ↔ unified date-time.
    case epochMillis = "epoch_millis"
    /// Native boolean ↔ unified boolean.
    case boolean
    /// Any JSON value, unchanged both ways.
    case passthrough

    /// Native → unified. Values that cannot be converted read as nil (the field is then absent).
    public func read(_ native: JSONValue) -> JSONValue? {
        switch (self, native) {
        case (_, .null): return nil
        case (.passthrough, _): return native
        case (.string, .string), (.number, .number), (.boolean, .bool): return native
        case (.string, .number(let n)), (.id, .number(let n)), (.idNumber, .number(let n)):
            return .string(JSONValue.numberText(n))
        case (.id, .string(let s)), (.idNumber, .string(let s)): return .string(s)
        case (.string, .bool(let b)): return .string(b ? "true" : "false")
        case (.decimalString, .string(let s)), (.number, .string(let s)):
            return Double(s.trimmingBlanks).map { .number($0) }
        case (.decimalString, .number): return native
        case (.moneyCents, .number(let n)): return .number(n.double / 100)
        case (.datetime, .string(let s)): return ISODate.parse(s).map { .string($0.iso8601Milliseconds) }
        case (.date, .string(let s)): return ISODate.parseDay(s).map { .string($0.iso8601Milliseconds) }
        case (.epochMillis, .number(let n)): return Self.epochMillis(n.int64 ?? Int64(exactly: n.double.rounded()))
        case (.epochMillis, .string(let s)): return Self.epochMillis(Int64(s))
        case (.boolean, .string(let s)): return s == "true" ? .bool(true) : (s == "false" ? .bool(false) : nil)
        default: return nil
        }
    }

    /// Unified → native; nil when the unified value has the wrong type (the caller reports a 400).
    public func write(_ unified: JSONValue) -> JSONValue? {
        switch (self, unified) {
        case (_, .null): return .null
        case (.passthrough, _): return unified
        case (.string, .string), (.number, .number), (.boolean, .bool): return unified
        case (.decimalString, .number(let n)): return .string(JSONValue.numberText(n))
        case (.moneyCents, .number(let n)): return .number((n.double * 100).rounded())
        case (.id, .string), (.id, .number): return .string(unified.scalarText ?? "")
        case (.idNumber, .number(let n)) where n.isInteger: return .number(n)
        case (.idNumber, .string(let s)): return JSONValue.integerText(s)
        case (.datetime, .string(let s)): return ISODate.parse(s).map { .string($0.iso8601Milliseconds) }
        case (.date, .string(let s)): return (ISODate.parse(s) ?? ISODate.parseDay(s)).map { .string(ISODate.day($0)) }
        case (.epochMillis, .string(let s)): return ISODate.parse(s).map { .number(JSONNumber($0.epochMilliseconds)) }
        default: return nil
        }
    }

    /// Milliseconds since the epoch as a unified date-time, within ISO 8601's four-digit years
    /// (a provider's absurd value reads as absent instead of overflowing date arithmetic).
    static func epochMillis(_ millis: Int64?) -> JSONValue? {
        guard let millis, (-62_135_596_800_000...253_402_300_799_999).contains(millis) else { return nil }
        return .string(Date(epochMilliseconds: millis).iso8601Milliseconds)
    }

    /// What the unified side expects, for error messages.
    public var unifiedDescription: String {
        switch self {
        case .string: "a string"
        case .number, .decimalString, .moneyCents: "a number"
        case .id, .idNumber: "an id (string or number)"
        case .datetime, .date, .epochMillis: "an ISO 8601 date-time string"
        case .boolean: "a boolean"
        case .passthrough: "any JSON value"
        }
    }
}

extension JSONValue {
    /// Decimal text of a number without a trailing `.0` for integers.
    static func numberText(_ n: JSONNumber) -> String { n.description }

    /// An integer id given as text, as an exact JSON number (any length); nil when not an integer.
    static func integerText(_ text: String) -> JSONValue? {
        guard let value = try? JSONParser.parse(Array(text.utf8), limits: JSONLimits(maxDepth: 1, maxBytes: 4096)),
              case .number(let n) = value, n.isInteger else { return nil }
        return value
    }

    /// The text of a string or number.
    public var scalarText: String? {
        switch self {
        case .string(let s): s
        case .number(let n): JSONValue.numberText(n)
        default: nil
        }
    }
}
