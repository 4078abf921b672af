import Foundation

/// Finds and loads the `<integration>.json` files of a mappings directory (`schema.json` excluded).
public enum MappingDirectory {
    /// Mapping files in `directory`, sorted by name.
    public static func files(in directory: String) throws -> [URL] {
        let url = URL(fileURLWithPath: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) else {
            throw ConfigurationError("The mappings directory `\(directory)` does not exist or cannot be read (set --mappings).")
        }
        return names.filter { $0.hasSuffix(".json") && $0 != "schema.json" }.sorted().map { url.appendingPathComponent($0) }
    }

    /// Every problem in the directory's files (empty when all are valid).
    public static func check(_ directory: String) -> [MappingDiagnostic] {
        do {
            _ = try loadCatalog(directory)
            return []
        } catch let error as MappingLoadError {
            return error.diagnostics
        } catch {
            return [MappingDiagnostic(file: directory, path: "$", message: String(describing: error))]
        }
    }

    /// Loads every file's integration descriptor; throws `MappingLoadError` listing all problems.
    public static func loadCatalog(_ directory: String) throws -> IntegrationCatalog {
        var descriptors: [IntegrationDescriptor] = []
        var diagnostics: [MappingDiagnostic] = []
        for file in try files(in: directory) {
            let fileName = file.lastPathComponent
            do {
                let json = try JSONValue.parse(Data(contentsOf: file))
                let descriptor = try IntegrationDescriptor(mappingJSON: json)
                let expected = String(fileName.dropLast(".json".count))
                if descriptor.name != expected {
                    diagnostics.append(MappingDiagnostic(file: fileName, path: "$.name", message: "name `\(descriptor.name)` must match the file name `\(expected)`"))
                }
                descriptors.append(descriptor)
            } catch let error as ConfigurationError {
                let parts = error.description.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                diagnostics.append(MappingDiagnostic(file: fileName, path: parts.first ?? "$", message: parts.last ?? ""))
            } catch {
                diagnostics.append(MappingDiagnostic(file: fileName, path: "$", message: "not valid JSON"))
            }
        }
        if !diagnostics.isEmpty { throw MappingLoadError(diagnostics: diagnostics) }
        return IntegrationCatalog(descriptors)
    }
}
