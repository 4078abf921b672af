import Foundation

/// The compiled mapping files of a directory, by integration name, and the unified schema they
/// were compiled against.
public struct MappingSet: Sendable {
    public var mappings: [String: ProviderMapping]
    public var schemas: UnifiedSchemaSet
    public var catalog: IntegrationCatalog { IntegrationCatalog(mappings.values.map(\.descriptor)) }

    public init(_ mappings: [ProviderMapping], schemas: UnifiedSchemaSet) {
        self.mappings = Dictionary(mappings.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.schemas = schemas
    }

    public subscript(name: String) -> ProviderMapping? { mappings[name] }
}

/// Finds, compiles and validates the `<integration>.json` files of a mappings directory
/// (`schema.json` and `*.schema.json` excluded; subfolders such as fixtures are not read).
public enum MappingDirectory {
    /// Mapping files in `directory`, sorted by name.
    public static func files(in directory: String) throws -> [URL] {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ConfigurationError("The mappings directory `\(directory)` does not exist or cannot be read (set --mappings).")
        }
        return names.filter { $0.hasSuffix(".json") && !$0.hasSuffix("schema.json") }.sorted().map { url.appendingPathComponent($0) }
    }

    /// Where the unified schema is when not given: `schema/` beside the mappings directory
    /// (the repository's layout).
    public static func defaultSchemaDirectory(for mappings: String) -> String {
        URL(fileURLWithPath: mappings).standardizedFileURL.deletingLastPathComponent().appendingPathComponent("schema").path
    }

    /// Compiles one file's bytes; returns the mapping (and its warnings) or its diagnostics.
    public static func compile(fileName: String, data: Data, schemas: UnifiedSchemaSet) -> Result<ProviderMapping, MappingLoadError> {
        let (mapping, diagnostics) = compileWithDiagnostics(fileName: fileName, data: data, schemas: schemas)
        guard let mapping else { return .failure(MappingLoadError(diagnostics: diagnostics)) }
        return .success(mapping)
    }

    /// Compiles one file; the mapping is nil when there are errors; warnings come either way.
    public static func compileWithDiagnostics(fileName: String, data: Data, schemas: UnifiedSchemaSet) -> (ProviderMapping?, [MappingDiagnostic]) {
        let bytes = [UInt8](data)
        var parser = JSONParser(bytes: bytes, limits: .configurationFile, recordLocations: true)
        let json: JSONValue
        do {
            json = try parser.parseDocument()
        } catch {
            return (nil, [MappingDiagnostic(code: "invalid_json", file: fileName, path: "$", message: "not valid JSON (\(error))")])
        }
        var compiler = MappingCompiler(file: fileName, schemas: schemas, bytes: bytes, locations: parser.locations)
        let mapping = compiler.compile(json)
        return (mapping, compiler.problems)
    }

    /// Every problem in the directory's files and the schema (empty when all are valid), warnings included.
    public static func check(_ directory: String, schemaDirectory: String? = nil) -> [MappingDiagnostic] {
        do {
            return try loadWithWarnings(directory, schemaDirectory: schemaDirectory).warnings
        } catch let error as MappingLoadError {
            return error.diagnostics
        } catch {
            return [MappingDiagnostic(code: "unreadable", file: directory, path: "$", message: String(describing: error))]
        }
    }

    /// Compiles every file; throws `MappingLoadError` listing all problems of all files.
    public static func load(_ directory: String, schemaDirectory: String? = nil) throws -> MappingSet {
        try loadWithWarnings(directory, schemaDirectory: schemaDirectory).set
    }

    /// Compiles every file, keeping the warnings of files that load.
    public static func loadWithWarnings(_ directory: String, schemaDirectory: String? = nil) throws -> (set: MappingSet, warnings: [MappingDiagnostic]) {
        let schemas = try UnifiedSchemaSet.load(schemaDirectory ?? defaultSchemaDirectory(for: directory))
        var mappings: [ProviderMapping] = []
        var diagnostics: [MappingDiagnostic] = []
        for file in try files(in: directory) {
            guard let data = FileManager.default.contents(atPath: file.path) else {
                diagnostics.append(MappingDiagnostic(code: "unreadable", file: file.lastPathComponent, path: "$", message: "cannot be read"))
                continue
            }
            let (mapping, found) = compileWithDiagnostics(fileName: file.lastPathComponent, data: data, schemas: schemas)
            if let mapping { mappings.append(mapping) }
            diagnostics += found
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw MappingLoadError(diagnostics: diagnostics) }
        return (MappingSet(mappings, schemas: schemas), diagnostics)
    }

    /// The integration catalog of a directory.
    public static func loadCatalog(_ directory: String, schemaDirectory: String? = nil) throws -> IntegrationCatalog {
        try load(directory, schemaDirectory: schemaDirectory).catalog
    }
}
