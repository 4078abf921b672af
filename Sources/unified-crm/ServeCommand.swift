import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnifiedCRMCore
import UnifiedCRMSandbox
import UnifiedCRMServer

/// `unified-crm serve`: runs the HTTP server until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP server.")

    @Option(help: "Address to listen on (env UNIFIED_CRM_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env UNIFIED_CRM_PORT).")
    var port: Int?

    @Option(help: "SQLite database file (env UNIFIED_CRM_DATABASE).")
    var database: String?

    @Option(help: "Directory of mapping files (env UNIFIED_CRM_MAPPINGS).")
    var mappings: String?

    @Option(help: "Directory of unified schema files (env UNIFIED_CRM_SCHEMA; default: schema/ beside the mappings directory).")
    var schema: String?

    @Option(help: "OpenAPI document served at /openapi.yaml and /openapi.json (env UNIFIED_CRM_OPENAPI; default ./openapi/unified-crm.yaml).")
    var openapi: String?

    @Option(name: .customLong("override-base-url"), help: "PROVIDER=URL; repeatable (env UNIFIED_CRM_OVERRIDE_BASE_URL, comma-separated).")
    var overrideBaseURL: [String] = []

    @Option(name: .customLong("provider-timeout"), help: "Seconds to wait for a provider before answering 504.")
    var providerTimeout: Int = 30

    @Option(name: .customLong("max-retry-wait"), help: "Seconds to spend retrying 429/5xx before giving up.")
    var maxRetryWait: Int = 30

    @Flag(name: .customLong("allow-http-webhook-targets"), help: "Allow http:// webhook target URLs (default: https only).")
    var allowHTTPWebhookTargets = false

    @Flag(name: .customLong("allow-private-webhook-targets"), help: "Allow webhook targets on loopback, private and link-local addresses (default: refused).")
    var allowPrivateWebhookTargets = false

    @Option(name: .customLong("webhook-retry-window"), help: "Seconds a failing webhook delivery is retried before it is given up.")
    var webhookRetryWindow: Int = 86_400

    @Option(name: .customLong("public-url"), help: "The origin providers reach this server at, e.g. https://crm.example.com (env UNIFIED_CRM_PUBLIC_URL): provider webhooks are registered for it and verified against it.")
    var publicURL: String?

    @Option(name: .customLong("provider-ca-file"), help: "PEM file of extra CA certificates to trust for provider calls (env UNIFIED_CRM_PROVIDER_CA_FILE); certificates are always verified.")
    var providerCAFile: String?

    @Flag(help: "Offline demo: start the built-in provider emulators, connect and seed one account each.")
    var sandbox = false

    @Option(name: .customLong("sandbox-seed-count"), help: ArgumentHelp("Records each sandbox emulator seeds (benchmarks).", visibility: .hidden))
    var sandboxSeedCount: Int = 300

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var logger = Logger(label: "unified-crm")
        logger.logLevel = env["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        do {
            try await runServer(env: env, logger: logger)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("unified-crm: \(error.description)\n".utf8))
            throw ExitCode(2)
        } catch let error as ProviderCAError {
            FileHandle.standardError.write(Data("unified-crm: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    private func runServer(env: [String: String], logger: Logger) async throws {
        let apiToken: String
        if let token = env["UNIFIED_CRM_API_TOKEN"], !token.isEmpty {
            apiToken = token
        } else if sandbox {
            apiToken = "sandbox-" + UUID().uuidString.lowercased()
        } else {
            throw ConfigurationError("UNIFIED_CRM_API_TOKEN is not set. Set it to the bearer token callers must send (e.g. `export UNIFIED_CRM_API_TOKEN=$(openssl rand -hex 24)`), or run `serve --sandbox` for the offline demo.")
        }
        let encryptionKey: EncryptionKey
        if sandbox {
            encryptionKey = .random()
        } else if let raw = env["UNIFIED_CRM_ENCRYPTION_KEY"] {
            encryptionKey = try EncryptionKey(base64: raw)
        } else {
            throw ConfigurationError("UNIFIED_CRM_ENCRYPTION_KEY is not set. Set it to 32 random bytes in base64 (e.g. `export UNIFIED_CRM_ENCRYPTION_KEY=$(openssl rand -base64 32)`); credentials are encrypted with it at rest.")
        }
        let overrides = try ServerConfiguration.parseOverrides(overrideBaseURL + [env["UNIFIED_CRM_OVERRIDE_BASE_URL"] ?? ""])
        let defaultDatabase = sandbox
            ? FileManager.default.temporaryDirectory.appendingPathComponent("unified-crm-sandbox-\(UUID().uuidString).sqlite").path
            : "./unified-crm.sqlite"
        var configuration = ServerConfiguration(
            host: host ?? env["UNIFIED_CRM_HOST"] ?? "127.0.0.1",
            port: try port ?? env["UNIFIED_CRM_PORT"].map { value in
                guard let port = Int(value) else { throw ConfigurationError("UNIFIED_CRM_PORT must be a number, got `\(value)`.") }
                return port
            } ?? 8080,
            databasePath: database ?? env["UNIFIED_CRM_DATABASE"] ?? defaultDatabase,
            mappingsDirectory: mappings ?? env["UNIFIED_CRM_MAPPINGS"] ?? "./mappings",
            baseURLOverrides: overrides,
            apiToken: apiToken,
            encryptionKey: encryptionKey,
            providerTimeout: .seconds(providerTimeout),
            maxRetryWait: .seconds(maxRetryWait)
        )
        guard webhookRetryWindow > 0 else { throw ConfigurationError("--webhook-retry-window must be a positive number of seconds.") }
        configuration.webhookPolicy = WebhookTargetPolicy(allowHTTP: allowHTTPWebhookTargets || sandbox, allowPrivateTargets: allowPrivateWebhookTargets || sandbox)
        configuration.webhookSettings.retryWindow = TimeInterval(webhookRetryWindow)
        configuration.providerCAFile = providerCAFile ?? env["UNIFIED_CRM_PROVIDER_CA_FILE"]
        if let url = publicURL ?? env["UNIFIED_CRM_PUBLIC_URL"] {
            guard let parts = URLComponents(string: url), ["http", "https"].contains(parts.scheme ?? ""), parts.host?.isEmpty == false,
                  parts.path.isEmpty || parts.path == "/", parts.query == nil else {
                throw ConfigurationError("--public-url must be an http(s) origin such as https://crm.example.com, got `\(url)`.")
            }
            configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        let mappings: MappingSet
        do {
            let loaded = try MappingDirectory.loadWithWarnings(configuration.mappingsDirectory, schemaDirectory: schema ?? env["UNIFIED_CRM_SCHEMA"])
            mappings = loaded.set
            for warning in loaded.warnings { logger.warning("\(warning.description)") }
        } catch let error as MappingLoadError {
            throw ConfigurationError(error.description)
        }
        let openAPI = try loadOpenAPI(explicit: openapi ?? env["UNIFIED_CRM_OPENAPI"], catalog: mappings.catalog, logger: logger)
        let service: any Service
        if sandbox {
            service = Sandbox(configuration: configuration, mappings: mappings, emulators: SandboxEmulators(seedCount: sandboxSeedCount), openAPI: openAPI, logger: logger) { text in FileHandle.standardOutput.write(Data((text + "\n").utf8)) }
        } else {
            let dependencies = try AppDependencies(configuration: configuration, mappings: mappings, openAPI: openAPI, logger: logger)
            service = buildApplication(configuration, dependencies: dependencies, logger: logger) { [configuration] port in
                logger.info("listening", metadata: ["host": .string(configuration.host), "port": .stringConvertible(port)])
            }
        }
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        )
        try await group.run()
    }

    /// The OpenAPI document: a path given by `--openapi` or `UNIFIED_CRM_OPENAPI` must load; the
    /// default path (`./openapi/unified-crm.yaml`, relative to the working directory) is optional, so
    /// the binary also runs from elsewhere (then `/openapi.*` answer 404). A malformed file stops `serve`.
    /// The loaded integrations are written into it (`OpenAPIDocument.serving`).
    private func loadOpenAPI(explicit: String?, catalog: IntegrationCatalog, logger: Logger) throws -> OpenAPIDocument? {
        let path = explicit ?? "./openapi/unified-crm.yaml"
        if explicit == nil, !FileManager.default.fileExists(atPath: path) {
            logger.warning("no OpenAPI document; /openapi.json and /openapi.yaml answer 404", metadata: ["path": .string(path)])
            return nil
        }
        do {
            return try OpenAPIDocument.load(path: path, serving: catalog)
        } catch let error as OpenAPIDocumentError {
            throw ConfigurationError("--openapi: \(error.description)")
        }
    }
}
