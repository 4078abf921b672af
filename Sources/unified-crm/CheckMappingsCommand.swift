import ArgumentParser
import Foundation
import UnifiedCRMCore

/// `unified-crm check-mappings [DIR]`: validates mapping files and the unified schema; prints
/// `file:line: json-path: problem` lines, or with `--json` one JSON array for tools.
struct CheckMappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-mappings", abstract: "Validate mapping files and the unified schema.")

    @Argument(help: "Directory of mapping files.")
    var directory: String = "./mappings"

    @Option(help: "Directory of unified schema files (default: schema/ beside the mappings directory).")
    var schema: String?

    @Flag(help: "Print the diagnostics as a JSON array of {severity, code, file, line, path, message}.")
    var json = false

    func run() async throws {
        let diagnostics = MappingDirectory.check(directory, schemaDirectory: schema)
        let failed = diagnostics.contains { $0.severity == .error }
        if json {
            print(String(decoding: JSONWriter.encode(.array(diagnostics.map(\.json))), as: UTF8.self))
        } else {
            for diagnostic in diagnostics { print(diagnostic.description) }
            if !failed { print("ok: \(directory)" + (diagnostics.isEmpty ? "" : " (\(diagnostics.count) warnings)")) }
        }
        if failed { throw ExitCode(1) }
    }
}
