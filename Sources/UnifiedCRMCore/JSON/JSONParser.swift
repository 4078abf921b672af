import Foundation

/// A strict (RFC 8259), bounded, allocation-light JSON parser over UTF-8 bytes.
///
/// Besides building `JSONValue`, it can report the byte range of each element of the array found at
/// one path, so a record's original bytes can be passed through (`remote_data`, `raw`) without
/// re-encoding, and (for configuration files) the byte offset of every value by JSON path, so
/// diagnostics can name a line.
public struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private let limits: JSONLimits
    private let capturePath: [String]?
    private var path: [String] = []
    /// Byte ranges of the elements of the array at `capturePath` (when given and found).
    public private(set) var capturedRanges: [Range<Int>] = []
    /// Byte range of the value at `capturePath` itself.
    public private(set) var capturedValueRange: Range<Int>?
    /// When recording: the byte offset of each value by diagnostic path (`$.a.b[0]`).
    public private(set) var locations: [String: Int] = [:]
    private let recordLocations: Bool
    private var locationPath: [String] = []

    public init(bytes: [UInt8], capturePath: [String]? = nil, limits: JSONLimits = .default, recordLocations: Bool = false) {
        self.bytes = bytes
        self.capturePath = capturePath
        self.limits = limits
        self.recordLocations = recordLocations
    }

    /// Parses a whole document.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws -> JSONValue {
        var parser = JSONParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    public static func parse(_ data: Data, limits: JSONLimits = .default) throws -> JSONValue { try parse([UInt8](data), limits: limits) }

    public mutating func parseDocument() throws -> JSONValue {
        guard bytes.count <= limits.maxBytes else {
            throw JSONParseError(kind: .tooLarge, message: "JSON document of \(bytes.count) bytes is larger than the limit of \(limits.maxBytes) bytes.")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("unexpected data after the JSON value") }
        return value
    }

    /// The line (1-based) of a byte offset.
    public func line(ofOffset offset: Int) -> Int {
        var line = 1
        for byte in bytes[..<min(offset, bytes.count)] where byte == 0x0A { line += 1 }
        return line
    }

    private func error(_ message: String) -> JSONParseError {
        JSONParseError(message: "Invalid JSON at byte \(index): \(message).", offset: index)
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of input") }
        let start = index
        if recordLocations { locations["$" + locationPath.joined()] = start }
        let atCapture = capturePath != nil && path == capturePath!
        let value: JSONValue
        switch bytes[index] {
        case UInt8(ascii: "{"): value = try parseObject()
        case UInt8(ascii: "["): value = try parseArray(capturing: atCapture)
        case UInt8(ascii: "\""): value = .string(try parseString())
        case UInt8(ascii: "t"): try expect("true"); value = .bool(true)
        case UInt8(ascii: "f"): try expect("false"); value = .bool(false)
        case UInt8(ascii: "n"): try expect("null"); value = .null
        default: value = .number(try parseNumber())
        }
        if atCapture { capturedValueRange = start..<index }
        return value
    }

    private mutating func expect(_ literal: StaticString) throws {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error("unexpected end of input") }
        let matches = literal.withUTF8Buffer { buffer in
            (0..<count).allSatisfy { bytes[index + $0] == buffer[$0] }
        }
        guard matches else { throw error("unexpected literal") }
        index += count
    }

    private mutating func enter() throws {
        depth += 1
        guard depth <= limits.maxDepth else {
            throw JSONParseError(kind: .tooDeep, message: "JSON nested deeper than \(limits.maxDepth) levels (at byte \(index)).", offset: index)
        }
    }

    private mutating func parseObject() throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
            index += 1
            skipWhitespace()
            path.append(key)
            if recordLocations { locationPath.append("." + key) }
            object[key] = try parseValue()
            if recordLocations { locationPath.removeLast() }
            path.removeLast()
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(object) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(capturing: Bool) throws -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        path.append("[]")
        defer { path.removeLast() }
        while true {
            skipWhitespace()
            let start = index
            if recordLocations { locationPath.append("[\(array.count)]") }
            array.append(try parseValue())
            if recordLocations { locationPath.removeLast() }
            if capturing { capturedRanges.append(start..<index) }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(array) }
            throw error("expected ',' or ']'")
        }
    }

    /// A string's contents; invalid UTF-8, raw control characters and bad escapes are errors.
    private mutating func parseString() throws -> String {
        index += 1
        let start = index
        var ascii = true
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = try text(bytes[start..<index], ascii: ascii)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw error("control character in string") }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        var scalars = [UInt8](bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return try text(scalars[...], ascii: ascii)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unexpected end of input") }
                let escaped = bytes[index]
                index += 1
                switch escaped {
                case UInt8(ascii: "\""): scalars.append(0x22)
                case UInt8(ascii: "\\"): scalars.append(0x5C)
                case UInt8(ascii: "/"): scalars.append(0x2F)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try parseHex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate")
                        }
                        index += 2
                        let low = try parseHex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw error("invalid unicode escape") }
                    UTF8.encode(scalar) { scalars.append($0) }
                default: throw error("invalid escape")
                }
            default:
                if byte < 0x20 { throw error("control character in string") }
                if byte >= 0x80 { ascii = false }
                scalars.append(byte)
                index += 1
            }
        }
        throw error("unterminated string")
    }

    private func text(_ slice: ArraySlice<UInt8>, ascii: Bool) throws -> String {
        if ascii { return String(decoding: slice, as: UTF8.self) }
        guard let string = String(validating: slice, as: UTF8.self) else { throw error("invalid UTF-8 in string") }
        return string
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("short unicode escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid hex digit")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    private func isDigit(_ at: Int) -> Bool {
        at < bytes.count && bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9")
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?` exactly (no leading zeros, no bare `.`).
    private mutating func parseNumber() throws -> JSONNumber {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard isDigit(index) else { throw error(index == start ? "unexpected character" : "expected a digit after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if isDigit(index) { throw error("leading zero in a number") }
        } else {
            while isDigit(index) { index += 1 }
        }
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard isDigit(index) else { throw error("expected a digit after '.'") }
            while isDigit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard isDigit(index) else { throw error("expected a digit in the exponent") }
            while isDigit(index) { index += 1 }
        }
        if isInteger, index - start <= 18 {
            // Fits Int64 for sure: no text round trip.
            var value: Int64 = 0
            var i = start
            let negative = bytes[i] == UInt8(ascii: "-")
            if negative { i += 1 }
            while i < index { value = value * 10 + Int64(bytes[i] - UInt8(ascii: "0")); i += 1 }
            return JSONNumber(negative ? -value : value)
        }
        let number = JSONNumber(validatedText: bytes[start..<index], isInteger: isInteger)
        // RFC 8259 §6 lets an implementation limit the range: beyond a double's, it is an error.
        guard isInteger || number.double.isFinite else { throw error("number out of range") }
        return number
    }
}
