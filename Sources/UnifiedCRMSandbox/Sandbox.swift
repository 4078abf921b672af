import Foundation
import Hummingbird
import Logging
import ProviderEmulators
import ServiceLifecycle
import UnifiedCRMCore
import UnifiedCRMServer

/// `serve --sandbox` as a service: builds the emulators from the fixtures in the mappings directory,
/// starts them on free loopback ports, points the
/// providers at them (operator overrides), starts the server, connects one account per emulator,
/// and prints the token, the account ids and curl commands that work as printed.
public struct Sandbox: Service {
    public let configuration: ServerConfiguration
    public let mappings: MappingSet
    public let emulators: SandboxEmulators
    /// Served at `/openapi.json` and `/openapi.yaml` (nil: those answer 404).
    public let openAPI: OpenAPIDocument?
    public let logger: Logger
    /// Receives the text to show the user (stdout in the CLI).
    public let announce: @Sendable (String) -> Void

    public init(configuration: ServerConfiguration, mappings: MappingSet, emulators: SandboxEmulators = SandboxEmulators(), openAPI: OpenAPIDocument? = nil, logger: Logger, announce: @escaping @Sendable (String) -> Void) {
        self.configuration = configuration
        self.mappings = mappings
        self.emulators = emulators
        self.openAPI = openAPI
        self.logger = logger
        self.announce = announce
    }

    public func run() async throws {
        let providers = try emulators.load(mappingsDirectory: configuration.mappingsDirectory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            let (ports, portsContinuation) = AsyncStream.makeStream(of: (String, Int).self)
            for provider in providers {
                let app = EmulatorServer(provider.emulator).application { port in portsContinuation.yield((provider.integration, port)) }
                group.addTask { try await app.run() }
            }
            var overrides = configuration.baseURLOverrides
            var seen = 0
            for await (integration, port) in ports {
                overrides[integration] = overrides[integration] ?? "http://127.0.0.1:\(port)"
                // The emulator also plays the provider's OAuth server (consent page, token endpoint).
                overrides["\(integration).oauth"] = overrides["\(integration).oauth"] ?? "http://127.0.0.1:\(port)"
                seen += 1
                if seen == providers.count { break }
            }
            var config = configuration
            config.baseURLOverrides = overrides
            let dependencies = try AppDependencies(configuration: config, mappings: mappings, openAPI: openAPI, logger: logger)
            let accounts = try await connectAccounts(providers, database: dependencies.database)
            let (serverPort, serverContinuation) = AsyncStream.makeStream(of: Int.self)
            let app = buildApplication(config, dependencies: dependencies, logger: logger) { port in serverContinuation.yield(port) }
            group.addTask { try await app.run() }
            for await port in serverPort {
                try await registerOAuthApps(providers, store: dependencies.oauthApps, port: port)
                announce(Self.banner(token: config.apiToken, host: config.host, port: port, accounts: accounts))
                break
            }
            try await group.waitForAll()
        }
    }

    /// Creates (once per database) one account per emulated provider; returns integration → id.
    func connectAccounts(_ providers: [SandboxProvider], database: any AccountStore) async throws -> [(String, String)] {
        let service = AccountService(database: database, catalog: mappings.catalog)
        var result: [(String, String)] = []
        for provider in providers {
            let existing = try await database.listAccounts(filter: AccountFilter(tenantId: "sandbox", integration: provider.integration), limit: 1, after: nil)
            if let account = existing.accounts.first {
                result.append((provider.integration, account.id.uuidString.lowercased()))
                continue
            }
            let account = try await service.create(body: provider.accountBody(tenantId: "sandbox"))
            result.append((provider.integration, account.id.uuidString.lowercased()))
        }
        return result
    }

    /// Registers each emulator's OAuth client as its integration's app, redirecting to this server,
    /// so the connect flow works offline.
    func registerOAuthApps(_ providers: [SandboxProvider], store: any OAuthAppStore, port: Int) async throws {
        for provider in providers {
            guard let client = provider.emulator.tokens.configuration?.client, mappings[provider.integration]?.authMethods["oauth"]?.flow != nil else { continue }
            // Every scope a route names (operations, field definitions, lookups): the demo app asks for all.
            let scopes = (mappings[provider.integration]?.resources.values ?? [:].values).flatMap { resource in
                resource.operations.values.flatMap(\.scopes) + (resource.customFields?.definitions.scopes ?? []) + resource.lookups.values.flatMap(\.operation.scopes)
            }
            let now = Date()
            try await store.putOAuthApp(OAuthApp(integration: provider.integration, clientID: client.clientID, clientSecret: client.clientSecret,
                                                 redirectURI: "http://127.0.0.1:\(port)/oauth/callback", scopes: Array(Set(scopes)).sorted(), createdAt: now, updatedAt: now))
        }
    }

    /// The text printed once the sandbox is up.
    public static func banner(token: String, host: String, port: Int, accounts: [(String, String)]) -> String {
        let base = "http://\(host):\(port)"
        let id = Dictionary(accounts, uniquingKeysWith: { a, _ in a })
        var lines = [
            "",
            "unified-crm sandbox is running at \(base)",
            "  API token:  \(token)",
            "  accounts:   " + accounts.map { "\($0.0)=\($0.1)" }.joined(separator: "  "),
            "",
            "Try:",
            "",
            "  # list HubSpot deals as unified opportunities (first page of 5)",
            "  curl -s -H 'Authorization: Bearer \(token)' '\(base)/unified/crm/opportunities?integrated_account_id=\(id["hubspot"] ?? "")&limit=5'",
            "",
            "  # one Pipedrive deal, without remote_data",
            "  curl -s -H 'Authorization: Bearer \(token)' '\(base)/unified/crm/opportunities/1?integrated_account_id=\(id["pipedrive"] ?? "")&truto_ignore_remote_data=true'",
            "",
            "  # create a Pipedrive deal with a custom field",
            "  curl -s -X POST -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' '\(base)/unified/crm/opportunities?integrated_account_id=\(id["pipedrive"] ?? "")' -d '{\"name\":\"Sandbox deal\",\"amount\":1200,\"currency\":\"EUR\",\"status\":\"open\",\"custom_fields\":{\"Competitor\":\"Acme\"}}'",
            "",
            "  # connect HubSpot through its (emulated) OAuth consent page: open the authorize_url in a browser",
            "  curl -s -H 'Authorization: Bearer \(token)' '\(base)/integrated-account/connect/hubspot?tenant_id=demo&return_url=https://example.com/connected'",
            "",
            "  # the connected accounts",
            "  curl -s -H 'Authorization: Bearer \(token)' '\(base)/integrated-account'",
            "",
        ]
        lines.append("Stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}
