/// One problem found in a mapping or schema file: `file:line: json-path: problem`.
public struct MappingDiagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Comparable {
        /// The file is ignored or refused at load.
        case error
        /// Loads, but something in it has no effect or is suspicious.
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
    }

    public var severity: Severity
    /// Stable machine-readable kind, e.g. `unknown_key`, `invalid_type`, `missing` (for `check-mappings --json`).
    public var code: String
    public var file: String
    /// JSON path inside the file, e.g. `$.resources.opportunities.fields.amount.type`.
    public var path: String
    /// 1-based line of the value at `path` (or of its nearest parent), when known.
    public var line: Int?
    public var message: String

    public init(severity: Severity = .error, code: String = "invalid", file: String, path: String, line: Int? = nil, message: String) {
        self.severity = severity
        self.code = code
        self.file = file
        self.path = path
        self.line = line
        self.message = message
    }

    /// `file: json-path: problem`, with `:line` after the file when known and `warning:` for warnings.
    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return "\(location): \(path): \(severity == .warning ? "warning: " : "")\(message)"
    }

    /// The diagnostic as a JSON object (`check-mappings --json`).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "severity": .string(severity.rawValue), "code": .string(code), "file": .string(file),
            "path": .string(path), "message": .string(message),
        ]
        object["line"] = line.map { .integer($0) } ?? .null
        return .object(object)
    }
}

/// Collects the diagnostics of one file while it is decoded, validated and lowered; knows the
/// file's value locations so each diagnostic names a line.
public struct DiagnosticCollector: Sendable {
    public let file: String
    /// Byte offset by JSON path and the file's bytes, to compute lines (empty when not known).
    let locations: [String: Int]
    let newlineOffsets: [Int]
    public private(set) var diagnostics: [MappingDiagnostic] = []

    public init(file: String, bytes: [UInt8] = [], locations: [String: Int] = [:]) {
        self.file = file
        self.locations = locations
        var offsets: [Int] = []
        for (i, byte) in bytes.enumerated() where byte == 0x0A { offsets.append(i) }
        self.newlineOffsets = offsets
    }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    public mutating func error(_ path: String, _ message: String, code: String = "invalid") {
        append(.error, code: code, path: path, message: message)
    }

    public mutating func warning(_ path: String, _ message: String, code: String) {
        append(.warning, code: code, path: path, message: message)
    }

    mutating func append(_ severity: MappingDiagnostic.Severity, code: String, path: String, message: String) {
        diagnostics.append(MappingDiagnostic(severity: severity, code: code, file: file, path: path, line: line(of: path), message: message))
    }

    /// The line of the value at `path`, or of the nearest parent that has one.
    func line(of path: String) -> Int? {
        guard !locations.isEmpty else { return nil }
        var candidate = Substring(path)
        while true {
            if let offset = locations[String(candidate)] {
                // Lines are 1 + the number of newlines before the offset (binary search).
                var low = 0, high = newlineOffsets.count
                while low < high {
                    let mid = (low + high) / 2
                    if newlineOffsets[mid] < offset { low = mid + 1 } else { high = mid }
                }
                return low + 1
            }
            guard let cut = candidate.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
            candidate = candidate[..<cut]
        }
    }
}

/// A set of diagnostics that stops loading.
public struct MappingLoadError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [MappingDiagnostic]
    public init(diagnostics: [MappingDiagnostic]) { self.diagnostics = diagnostics }
    public var description: String {
        "invalid mapping files:\n" + diagnostics.map { "  " + $0.description }.joined(separator: "\n")
    }
}
