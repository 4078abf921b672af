import Foundation

/// qs-style query strings (as Truto clients send them): `a[]=1&a[]=2` is a list,
/// `a[b][c]=v` a nested object, `+` a space, percent-escapes decoded.
public enum QueryString {
    /// Parses a raw query string (without `?`) into a JSON object of strings, lists and objects.
    public static func parse(_ query: String) -> [String: JSONValue] {
        var root = JSONValue.object([:])
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let rawKey = decode(String(parts[0]))
            let value = parts.count > 1 ? decode(String(parts[1])) : ""
            guard !rawKey.isEmpty else { continue }
            insert(.string(value), path: keyPath(rawKey), into: &root)
        }
        return root.objectValue ?? [:]
    }

    /// `a[b][]` → ["a", "b", ""]
    static func keyPath(_ key: String) -> [String] {
        guard let open = key.firstIndex(of: "["), key.hasSuffix("]") else { return [key] }
        var path = [String(key[..<open])]
        var rest = key[open...]
        while rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return [key] }
            path.append(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return rest.isEmpty ? path : [key]
    }

    private static func insert(_ value: JSONValue, path: [String], into node: inout JSONValue) {
        guard let head = path.first else { node = value; return }
        let rest = Array(path.dropFirst())
        if head.isEmpty || Int(head) != nil, case .array(var array) = node {
            // `[]` appends; a numeric index appends in order too (qs does the same for small indexes).
            if rest.isEmpty { array.append(value) } else {
                var child = JSONValue.object([:])
                insert(value, path: rest, into: &child)
                array.append(child)
            }
            node = .array(array)
            return
        }
        var object = node.objectValue ?? [:]
        if rest.first.map({ $0.isEmpty }) == true {
            var child = object[head].flatMap { $0.arrayValue != nil ? $0 : nil } ?? .array([])
            insert(value, path: rest, into: &child)
            object[head] = child
        } else if rest.isEmpty {
            if let existing = object[head] {
                // A repeated plain key becomes a list.
                object[head] = .array((existing.arrayValue ?? [existing]) + [value])
            } else {
                object[head] = value
            }
        } else {
            var child = object[head] ?? .object([:])
            if child.objectValue == nil { child = .object([:]) }
            insert(value, path: rest, into: &child)
            object[head] = child
        }
        node = .object(object)
    }

    /// `+` as a space and percent-escapes decoded, on the UTF-8 bytes (this runs for every query
    /// key and value of every request). A malformed escape, or escapes that decode to invalid
    /// UTF-8, leave the text as written (with `+` still a space), as Foundation's decoding does.
    public static func decode(_ text: String) -> String {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) { return text }
        let spaced = Array(utf8.lazy.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 })
        var out: [UInt8] = []
        out.reserveCapacity(spaced.count)
        var index = 0
        while index < spaced.count {
            let byte = spaced[index]
            guard byte == UInt8(ascii: "%") else { out.append(byte); index += 1; continue }
            guard index + 2 < spaced.count, let high = HexDigit.value(spaced[index + 1]), let low = HexDigit.value(spaced[index + 2]) else {
                return String(decoding: spaced, as: UTF8.self)
            }
            out.append(high << 4 | low)
            index += 3
        }
        return String(validating: out, as: UTF8.self) ?? String(decoding: spaced, as: UTF8.self)
    }


    /// Encodes a JSON object back to a qs-style query string (nested keys as `a[b]`, lists as `a[]`).
    public static func encode(_ object: [String: JSONValue]) -> String {
        var pairs: [String] = []
        for key in object.keys.sorted() { append(object[key]!, key: escape(key), into: &pairs) }
        return pairs.joined(separator: "&")
    }

    private static func append(_ value: JSONValue, key: String, into pairs: inout [String]) {
        switch value {
        case .object(let object):
            for child in object.keys.sorted() { append(object[child]!, key: "\(key)[\(escape(child))]", into: &pairs) }
        case .array(let array):
            for element in array { append(element, key: "\(key)[]", into: &pairs) }
        case .null:
            pairs.append(key + "=")
        case .bool(let b):
            pairs.append(key + "=" + (b ? "true" : "false"))
        default:
            pairs.append(key + "=" + escape(value.scalarText ?? ""))
        }
    }

    /// `key=value&...` with both sides percent-encoded (a query string, or a form body).
    public static func encodePairs(_ pairs: [(String, String)]) -> String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    /// Percent-encodes everything but unreserved characters (RFC 3986).
    /// Works on the UTF-8 bytes (no Foundation round trip: this runs for every query value of
    /// every provider call), and returns `text` itself when nothing needs escaping.
    public static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        if utf8.allSatisfy(isUnreserved) { return text }
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count * 3)
        for byte in utf8 {
            if isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
