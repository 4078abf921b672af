import ArgumentParser
import Foundation
import UnifiedCRMCore

/// `unified-crm check-mappings [DIR]`: validates mapping files; prints `file: json-path: problem` lines.
struct CheckMappingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-mappings", abstract: "Validate mapping files.")

    @Argument(help: "Directory of mapping files.")
    var directory: String = "./mappings"

    func run() async throws {
        let diagnostics = MappingDirectory.check(directory)
        for diagnostic in diagnostics { print(diagnostic.description) }
        if !diagnostics.isEmpty { throw ExitCode(1) }
        print("ok: \(directory)")
    }
}
