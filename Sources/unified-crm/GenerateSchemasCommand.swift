import ArgumentParser
import Foundation
import UnifiedCRMCore

/// `unified-crm generate-schemas`: rewrites the files generated from the unified schema
/// (`mappings/unified-resources.schema.json` and the marked block of `openapi/unified-crm.yaml`).
struct GenerateSchemasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generate-schemas", abstract: "Regenerate the mapping JSON Schema and OpenAPI components from schema/.")

    @Option(help: "Repository root (holding schema/, mappings/ and openapi/).")
    var root: String = "."

    @Flag(help: "Only check: exit 1 when a generated file is stale.")
    var check = false

    func run() async throws {
        let base = URL(fileURLWithPath: root)
        let schemas = try UnifiedSchemaSet.load(base.appendingPathComponent("schema").path)
        let artifacts = SchemaArtifacts(schemas: schemas)
        let openAPIURL = base.appendingPathComponent(SchemaArtifacts.openAPIFile)
        let openAPI = try String(contentsOf: openAPIURL, encoding: .utf8)
        guard let newOpenAPI = artifacts.replacingGeneratedBlock(in: openAPI) else {
            throw ConfigurationError("\(SchemaArtifacts.openAPIFile) has no generated block (the BEGIN/END GENERATED markers).")
        }
        let outputs = [(SchemaArtifacts.mappingSchemaFile, artifacts.mappingSchema), (SchemaArtifacts.openAPIFile, newOpenAPI)]
        var stale: [String] = []
        for (file, text) in outputs {
            let url = base.appendingPathComponent(file)
            if (try? String(contentsOf: url, encoding: .utf8)) == text { continue }
            stale.append(file)
            if !check { try text.write(to: url, atomically: true, encoding: .utf8) }
        }
        print(stale.isEmpty ? "up to date" : (check ? "stale: " : "wrote: ") + stale.joined(separator: ", "))
        if check, !stale.isEmpty { throw ExitCode(1) }
    }
}
