import Foundation

/// Stage one of the compiler (decode): reads the keys of one JSON object of a mapping file as
/// typed values, reporting each problem at its JSON path. Every key a section may hold is declared
/// in `MappingKeys`; `finish()` reports any other key as an error, so nothing is silently ignored.
struct ObjectReader {
    let object: [String: JSONValue]
    let at: String
    let allowed: MappingKeys.Section

    /// Nil (with a diagnostic) when `value` is not an object.
    init?(_ value: JSONValue?, at: String, section: MappingKeys.Section, _ diagnostics: inout DiagnosticCollector, what: String = "an object") {
        guard let object = value?.objectValue else {
            diagnostics.error(at, "must be \(what)", code: "invalid_type")
            return nil
        }
        self.object = object
        self.at = at
        self.allowed = section
    }

    subscript(key: String) -> JSONValue? { object[key] }
    func has(_ key: String) -> Bool { object[key] != nil && object[key] != .null }
    func path(_ key: String) -> String { "\(at).\(key)" }

    /// Reports unknown keys; call once the section is read.
    func finish(_ diagnostics: inout DiagnosticCollector) {
        for key in object.keys.sorted() where !allowed.keys.contains(key) {
            diagnostics.error(path(key), "unknown key `\(key)`; allowed: \(allowed.keys.sorted().joined(separator: ", "))", code: "unknown_key")
        }
    }

    func string(_ key: String, required: Bool = false, _ diagnostics: inout DiagnosticCollector) -> String? {
        guard let value = object[key], value != .null else {
            if required { diagnostics.error(path(key), "missing (required)", code: "missing") }
            return nil
        }
        guard let string = value.stringValue else { diagnostics.error(path(key), "must be a string", code: "invalid_type"); return nil }
        return string
    }

    /// A dotted response or record path (`paging.next.after`), split into its keys.
    func dottedPath(_ key: String, required: Bool = false, _ diagnostics: inout DiagnosticCollector) -> [String]? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard !text.isEmpty else { diagnostics.error(path(key), "must not be empty", code: "invalid_value"); return nil }
        return MappingPath.split(text)
    }

    /// A positive integer (at most 2^31 - 1).
    func positiveInteger(_ key: String, _ diagnostics: inout DiagnosticCollector) -> Int? {
        guard let value = object[key] else { return nil }
        guard let n = value.numberValue?.int64, n > 0, n <= Int64(Int32.max) else {
            diagnostics.error(path(key), "must be a positive integer", code: "invalid_type")
            return nil
        }
        return Int(n)
    }

    func bool(_ key: String, _ diagnostics: inout DiagnosticCollector) -> Bool {
        guard let value = object[key] else { return false }
        guard case .bool(let b) = value else { diagnostics.error(path(key), "must be true or false", code: "invalid_type"); return false }
        return b
    }

    func stringList(_ key: String, _ diagnostics: inout DiagnosticCollector) -> [String]? {
        guard let value = object[key] else { return nil }
        guard let array = value.arrayValue else { diagnostics.error(path(key), "must be an array of strings", code: "invalid_type"); return nil }
        var result: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.stringValue else { diagnostics.error("\(path(key))[\(i)]", "must be a string", code: "invalid_type"); continue }
            result.append(s)
        }
        return result
    }

    func template(_ key: String, allowed variables: Set<String>, required: Bool = false, _ diagnostics: inout DiagnosticCollector) -> Template? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        return Self.template(text, at: path(key), allowed: variables, &diagnostics)
    }

    static func template(_ text: String, at: String, allowed: Set<String>, _ diagnostics: inout DiagnosticCollector) -> Template? {
        do {
            return try Template(text, allowed: allowed.union(["literal"]))
        } catch {
            diagnostics.error(at, "bad template variable: \(error)", code: "invalid_template")
            return nil
        }
    }

    /// An object of templates (headers, query parameters), in key order.
    func templateMap(_ key: String, allowed variables: Set<String>, _ diagnostics: inout DiagnosticCollector) -> [(String, Template)] {
        guard let value = object[key] else { return [] }
        guard let map = value.objectValue else { diagnostics.error(path(key), "must be an object of strings", code: "invalid_type"); return [] }
        var result: [(String, Template)] = []
        for (name, element) in map.sorted(by: { $0.key < $1.key }) {
            let at = "\(path(key)).\(name)"
            guard let text = element.stringValue else { diagnostics.error(at, "must be a string", code: "invalid_type"); continue }
            if let t = Self.template(text, at: at, allowed: variables, &diagnostics) { result.append((name, t)) }
        }
        return result
    }

    /// A value that must be one of a closed set (a transform, a style, a method).
    func choice<T>(_ key: String, from options: [(String, T)], noun: String, required: Bool = false, _ diagnostics: inout DiagnosticCollector) -> T? {
        guard let text = string(key, required: required, &diagnostics) else { return nil }
        guard let found = options.first(where: { $0.0 == text }) else {
            diagnostics.error(path(key), "unknown \(noun) `\(text)`; known: \(options.map(\.0).joined(separator: ", "))", code: "invalid_value")
            return nil
        }
        return found.1
    }
}

/// Dotted paths of mapping files. A key that itself contains a dot is written with a backslash
/// before the dot (`custom\.cf_123` is the one key `custom.cf_123`).
public enum MappingPath {
    public static func split(_ path: String) -> [String] {
        guard path.contains("\\") else { return path.split(separator: ".", omittingEmptySubsequences: true).map(String.init) }
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in path {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\": escaped = true
            case ".": if !current.isEmpty { parts.append(current) }; current = ""
            default: current.append(character)
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }
}
