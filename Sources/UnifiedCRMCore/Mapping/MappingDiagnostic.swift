/// One problem found in a mapping file: `file: json-path: problem`.
public struct MappingDiagnostic: Sendable, Equatable, CustomStringConvertible, Error {
    public var file: String
    /// JSON path inside the file, e.g. `$.resources.opportunities.fields.amount.type`.
    public var path: String
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}

/// A set of diagnostics that stops loading.
public struct MappingLoadError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [MappingDiagnostic]
    public var description: String {
        "invalid mapping files:\n" + diagnostics.map { "  " + $0.description }.joined(separator: "\n")
    }
}
