import ArgumentParser

/// `unified-crm`: one REST API over many CRMs.
struct UnifiedCRMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unified-crm",
        abstract: "One REST API over many CRMs.",
        subcommands: [ServeCommand.self, CheckMappingsCommand.self, GenerateSchemasCommand.self],
        defaultSubcommand: ServeCommand.self
    )
}
