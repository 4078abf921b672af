import Foundation

/// The compiled mapping files of a directory, by integration name.
public struct MappingSet: Sendable {
    public var mappings: [String: ProviderMapping]
    public var catalog: IntegrationCatalog { IntegrationCatalog(mappings.values.map(\.descriptor)) }

    public init(_ mappings: [ProviderMapping]) {
        self.mappings = Dictionary(mappings.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(name: String) -> ProviderMapping? { mappings[name] }
}

/// Finds, compiles and validates the `<integration>.json` files of a mappings directory
/// (`schema.json` excluded).
public enum MappingDirectory {
    /// Mapping files in `directory`, sorted by name.
    public static func files(in directory: String) throws -> [URL] {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ConfigurationError("The mappings directory `\(directory)` does not exist or cannot be read (set --mappings).")
        }
        return names.filter { $0.hasSuffix(".json") && $0 != "schema.json" }.sorted().map { url.appendingPathComponent($0) }
    }

    /// Compiles one file's bytes; returns the mapping or its diagnostics.
    public static func compile(fileName: String, data: Data) -> Result<ProviderMapping, MappingLoadError> {
        let json: JSONValue
        do {
            json = try JSONValue.parse(data)
        } catch {
            return .failure(MappingLoadError(diagnostics: [MappingDiagnostic(file: fileName, path: "$", message: "not valid JSON (\(error))")]))
        }
        var compiler = MappingCompiler(file: fileName)
        guard let mapping = compiler.compile(json) else { return .failure(MappingLoadError(diagnostics: compiler.diagnostics)) }
        return .success(mapping)
    }

    /// Every problem in the directory's files (empty when all are valid).
    public static func check(_ directory: String) -> [MappingDiagnostic] {
        do {
            _ = try load(directory)
            return []
        } catch let error as MappingLoadError {
            return error.diagnostics
        } catch {
            return [MappingDiagnostic(file: directory, path: "$", message: String(describing: error))]
        }
    }

    /// Compiles every file; throws `MappingLoadError` listing all problems of all files.
    public static func load(_ directory: String) throws -> MappingSet {
        var mappings: [ProviderMapping] = []
        var diagnostics: [MappingDiagnostic] = []
        for file in try files(in: directory) {
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                diagnostics.append(MappingDiagnostic(file: file.lastPathComponent, path: "$", message: "cannot be read"))
                continue
            }
            switch compile(fileName: file.lastPathComponent, data: data) {
            case .success(let mapping): mappings.append(mapping)
            case .failure(let error): diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw MappingLoadError(diagnostics: diagnostics) }
        return MappingSet(mappings)
    }

    /// The integration catalog of a directory.
    public static func loadCatalog(_ directory: String) throws -> IntegrationCatalog {
        try load(directory).catalog
    }
}
