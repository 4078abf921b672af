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
public struct Sandbox: Service, CustomStringConvertible {
    /// The service group writes it once at start; the default would reflect every mapping.
    public var description: String { "Sandbox" }
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
            // Everything runs on loopback over http, the event tap included.
            config.webhookPolicy = WebhookTargetPolicy(allowHTTP: true, allowPrivateTargets: true)
            let dependencies = try AppDependencies(configuration: config, mappings: mappings, openAPI: openAPI, logger: logger)
            let accounts = try await connectAccounts(providers, database: dependencies.database)
            let tap = SandboxEventTap(announce: announce)
            let (tapPorts, tapContinuation) = AsyncStream.makeStream(of: Int.self)
            let tapApp = tap.application(logger: logger) { tapContinuation.yield($0) }
            group.addTask { try await tapApp.run() }
            var tapPort = 0
            for await port in tapPorts { tapPort = port; break }
            let (serverPort, serverContinuation) = AsyncStream.makeStream(of: Int.self)
            let app = buildApplication(config, dependencies: dependencies, logger: logger) { port in serverContinuation.yield(port) }
            group.addTask { try await app.run() }
            for await port in serverPort {
                try await registerOAuthApps(providers, store: dependencies.oauthApps, port: port)
                try await SandboxWebhooks.connect(providers, emulatorURLs: overrides, serverURL: "http://127.0.0.1:\(port)", dependencies: dependencies, accounts: accounts)
                let tapURL = "http://127.0.0.1:\(tapPort)/events"
                let subscription = try await subscribe(tapURL, store: dependencies.webhooks)
                let hubspotDeal = try await firstRecordID(of: accounts.first { $0.0 == "hubspot" }?.1, unified: dependencies.unified)
                let tries = providers.flatMap { provider in provider.tries.map { (provider.integration, $0) } }
                announce(Self.banner(token: config.apiToken, host: config.host, port: port, accounts: accounts, events: tapURL, subscription: subscription,
                                     hubspotDeal: hubspotDeal, tries: tries))
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

    /// Subscribes the event tap to every event type (replacing the tap of an earlier run on the same database).
    func subscribe(_ url: String, store: (any WebhookStore)?) async throws -> String? {
        guard let store else { return nil }
        for old in try await store.listWebhooks(limit: 100, after: nil).webhooks where old.targetURL.hasPrefix("http://127.0.0.1:") && old.targetURL.hasSuffix("/events") {
            _ = try await store.deleteWebhook(id: old.id)
        }
        let now = Date()
        let webhook = WebhookSubscription(targetURL: url, eventTypes: WebhookEventType.allCases.filter { $0 != .test }, integratedAccountID: nil,
                                          tenantID: nil, isActive: true, secret: WebhookSigner.newSecret(), createdAt: now, updatedAt: now)
        try await store.createWebhook(webhook)
        return webhook.id.uuidString.lowercased()
    }

    /// The id of the account's first opportunity (for the printed examples).
    func firstRecordID(of account: String?, unified: UnifiedService?) async throws -> String? {
        guard let account, let id = UUID(uuidString: account), let unified else { return nil }
        var query = UnifiedQuery(accountID: id)
        query.limit = 1
        query.ignoreRemoteData = true
        return try JSONParser.parse(try await unified.list(resource: "opportunities", query: query).body, limits: .providerResponse)["result"]?.arrayValue?.first?["id"]?.scalarText
    }

    /// The text printed once the sandbox is up.
    public static func banner(token: String, host: String, port: Int, accounts: [(String, String)], events: String? = nil,
                              subscription: String? = nil, hubspotDeal: String? = nil, tries: [(String, SandboxTry)] = []) -> String {
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
        if !tries.isEmpty {
            lines += ["Related records (companies, people, pipelines, notes, ...):", ""]
            for (integration, item) in tries {
                let resource = item.uri.split(separator: "?").first.map { String($0.split(separator: "/").dropFirst(2).first ?? "") } ?? ""
                lines += ["  # \(item.say ?? resource) (\(integration))", "  curl -s -H 'Authorization: Bearer \(token)' '\(base)\(item.uri(account: id[integration] ?? ""))'", ""]
            }
        }
        if let events {
            lines += [
                "Webhooks: the emulators send their provider's signed webhooks to this server, which pushes unified events",
                "to a receiver the sandbox subscribed to every event type; each event is also printed here as `event ...`.",
                "",
                "  # the unified events received so far",
                "  curl -s '\(events)'",
                "",
            ]
            if let hubspotDeal, let subscription {
                lines += [
                    "  # change a HubSpot deal at the provider (the proxy is not a unified write): HubSpot's deal.propertyChange",
                    "  # webhook comes back and is pushed as record:updated [name]",
                    "  curl -s -X PATCH -H 'Authorization: Bearer \(token)' -H 'Content-Type: application/json' '\(base)/proxy/crm/v3/objects/deals/\(hubspotDeal)?integrated_account_id=\(id["hubspot"] ?? "")' -d '{\"properties\":{\"dealname\":\"Renamed at HubSpot\"}}'",
                    "",
                    "  # the delivery log of the receiver's subscription",
                    "  curl -s -H 'Authorization: Bearer \(token)' '\(base)/webhook/\(subscription)/deliveries'",
                    "",
                ]
            }
        }
        lines.append("Stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}
