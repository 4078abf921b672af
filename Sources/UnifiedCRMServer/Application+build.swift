import Foundation
import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle
import UnifiedCRMCore

/// The request context every route of the server uses.
public typealias AppRequestContext = BasicRequestContext

/// What the HTTP layer is built from; tests construct it directly.
public struct AppDependencies: Sendable {
    public var database: any AccountStore
    public var catalog: IntegrationCatalog
    public var apiToken: String
    public var metrics: PrometheusCollectorRegistry
    /// The unified API; nil serves only the admin API (tests of the foundation).
    public var unified: UnifiedService?
    /// The OpenAPI document served at `/openapi.json` and `/openapi.yaml`; nil answers 404 there.
    public var openAPI: OpenAPIDocument?
    /// `Idempotency-Key` handling of unified creates and updates (the database's store when it has one).
    public var idempotency: IdempotentWrites
    /// The integrations' OAuth apps (the database's store when it has one).
    public var oauthApps: any OAuthAppStore
    /// Connect-flow states already used (the database's store when it has one).
    public var oauthStates: any OAuthStateStore
    /// Signs connect-flow states (the database's key when it is an `AppDatabase`).
    public var stateSigner: ConnectStateSigner
    /// Webhook subscriptions and the outbox (the database's store when it has one; nil: no webhooks).
    public var webhooks: (any WebhookStore)?
    public var webhookPolicy = WebhookTargetPolicy()
    /// Sends queued deliveries (`serve` runs it beside the HTTP server).
    public var webhookWorker: WebhookDeliveryWorker?
    /// Polls accounts for changes where opted in (`serve` runs it beside the HTTP server).
    public var poller: RecordPoller?
    /// Provider webhooks in, and the loop that turns kept requests into events (nil: off).
    public var inbound: InboundWebhookService?
    public var inboundLoop = WakeableLoop(interval: .seconds(2))
    /// `--public-url`: the origin providers call (the sandbox sets it once its port is known).
    public var publicOrigin = PublicOrigin()

    public init(database: any AccountStore, catalog: IntegrationCatalog, apiToken: String, metrics: PrometheusCollectorRegistry = .init(), unified: UnifiedService? = nil, openAPI: OpenAPIDocument? = nil,
                idempotency: (any IdempotencyStore)? = nil, oauthApps: (any OAuthAppStore)? = nil) {
        self.idempotency = IdempotentWrites(store: idempotency ?? (database as? any IdempotencyStore) ?? InMemoryIdempotencyStore())
        self.oauthApps = oauthApps ?? unified?.refresher.apps ?? (database as? any OAuthAppStore) ?? InMemoryOAuthAppStore()
        self.oauthStates = (database as? any OAuthStateStore) ?? InMemoryOAuthStateStore()
        self.stateSigner = (database as? AppDatabase)?.connectStateSigner ?? ConnectStateSigner(encryptionKey: .random())
        self.database = database
        self.catalog = catalog
        self.apiToken = apiToken
        self.metrics = metrics
        self.unified = unified
        self.openAPI = openAPI
    }

    /// Dependencies for a mapping set: the catalog comes from the mappings, the unified API calls
    /// providers through `caller`.
    /// Webhooks are on when `database` is also a `WebhookStore`.
    public init(database: any AccountStore, mappings: MappingSet, apiToken: String, caller: ProviderCaller, metrics: PrometheusCollectorRegistry = .init(), openAPI: OpenAPIDocument? = nil,
                webhookPolicy: WebhookTargetPolicy = WebhookTargetPolicy(), webhookSettings: WebhookDeliveryWorker.Settings = .init(), publicURL: String? = nil) {
        var emitter: WebhookEmitter?
        var worker: WebhookDeliveryWorker?
        if let store = database as? any WebhookStore {
            let sender = WebhookDeliveryWorker(store: store, transport: HTTPClientTransport(client: WebhookHTTPClient.shared), policy: webhookPolicy, settings: webhookSettings)
            worker = sender
            emitter = WebhookEmitter(store: store, wake: { sender.wake() })
        }
        self.init(database: database, catalog: mappings.catalog, apiToken: apiToken, metrics: metrics,
                  unified: UnifiedService(mappings: mappings, database: database, caller: caller, webhooks: emitter), openAPI: openAPI)
        self.webhooks = emitter?.store
        self.webhookPolicy = webhookPolicy
        self.webhookWorker = worker
        if let polls = database as? any PollStore, let unified { self.poller = RecordPoller(unified: unified, store: polls) }
        self.publicOrigin = PublicOrigin(publicURL)
        if let inboxes = database as? any InboundWebhookStore, let unified, unified.webhooks != nil {
            let loop = inboundLoop
            inbound = InboundWebhookService(unified: unified, store: inboxes, oauthApps: oauthApps,
                                            setup: AccountWebhookSetup(unified: unified, store: inboxes, origin: publicOrigin), wake: { loop.wake() })
        }
    }

    /// Everything `serve` runs on: the database file and a provider caller over the shared provider
    /// connections, both from `configuration` (token, key, overrides, timeouts).
    public init(configuration: ServerConfiguration, mappings: MappingSet, openAPI: OpenAPIDocument?, logger: Logger) throws {
        let transport = try configuration.providerCAFile.map { try PooledProviderTransport.trusting(caFile: $0) } ?? PooledProviderTransport.shared
        let caller = ProviderCaller(
            transport: transport, baseURLOverrides: configuration.baseURLOverrides,
            timeout: configuration.providerTimeout, maxRetryWait: configuration.maxRetryWait, logger: logger
        )
        self.init(database: try AppDatabase(path: configuration.databasePath, encryptionKey: configuration.encryptionKey),
                  mappings: mappings, apiToken: configuration.apiToken, caller: caller, openAPI: openAPI,
                  webhookPolicy: configuration.webhookPolicy, webhookSettings: configuration.webhookSettings, publicURL: configuration.publicURL)
    }
}

/// Builds the router with every route and middleware. `routes` receives each registered route.
public func buildRouter(_ dependencies: AppDependencies, routes: RouteTable = RouteTable()) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    // Outermost first: log line, metrics, error shaping, then auth.
    router.add(middleware: RequestLogMiddleware())
    router.add(middleware: RequestMetricsMiddleware(factory: PrometheusMetricsFactory(registry: dependencies.metrics)))
    router.add(middleware: ErrorMiddleware(routes: routes))
    router.add(middleware: BearerAuthMiddleware(token: dependencies.apiToken))

    HealthController(database: dependencies.database).addRoutes(to: router, table: routes)
    MetricsController(registry: dependencies.metrics).addRoutes(to: router, table: routes)
    OpenAPIController(document: dependencies.openAPI).addRoutes(to: router, table: routes)
    var accounts = AccountService(database: dependencies.database, catalog: dependencies.catalog, webhooks: dependencies.unified?.webhooks)
    if let setup = dependencies.inbound?.setup {
        // The provider side of an account's webhooks, off the request path.
        accounts.afterChange = { account in Task { await setup.prepare(account) } }
        accounts.afterDelete = { account in Task { await setup.remove(account) } }
    }
    AccountController(service: accounts, unified: dependencies.unified).addRoutes(to: router, table: routes)
    OAuthAppController(service: OAuthAppService(store: dependencies.oauthApps, catalog: dependencies.catalog))
        .addRoutes(to: router, table: routes)
    if let unified = dependencies.unified {
        UnifiedController(service: unified, idempotency: dependencies.idempotency).addRoutes(to: router, table: routes)
        MetaController(mappings: unified.mappings).addRoutes(to: router, table: routes)
        ProxyController(service: unified, idempotency: dependencies.idempotency).addRoutes(to: router, table: routes)
        OAuthConnectController(service: OAuthConnectService(
            mappings: unified.mappings, apps: dependencies.oauthApps, states: dependencies.oauthStates, signer: dependencies.stateSigner,
            accounts: accounts, caller: unified.caller
        )).addRoutes(to: router, table: routes)
    }
    if let store = dependencies.webhooks {
        let worker = dependencies.webhookWorker
        WebhookController(service: WebhookService(store: store, accounts: dependencies.database, policy: dependencies.webhookPolicy, wake: { worker?.wake() }))
            .addRoutes(to: router, table: routes)
    }
    if let inbound = dependencies.inbound {
        InboundWebhookController(service: inbound, origin: dependencies.publicOrigin).addRoutes(to: router, table: routes)
    }
    if let poller = dependencies.poller {
        PollingController(unified: poller.unified, store: poller.store).addRoutes(to: router, table: routes)
    }
    return router
}

/// Builds the application for `configuration`; the webhook delivery worker runs beside it.
public func buildApplication(
    _ configuration: ServerConfiguration,
    dependencies: AppDependencies,
    logger: Logger,
    onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    Application(
        router: buildRouter(dependencies),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "unified-crm"),
        services: (dependencies.webhookWorker.map { [WebhookWorkerService(worker: $0)] } ?? []) + (dependencies.poller.map { [PollerService(poller: $0)] } ?? [])
            + (dependencies.inbound.map { [InboundWebhookWorkerService(service: $0, loop: dependencies.inboundLoop)] } ?? []),
        onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
        logger: logger
    )
}

// Each service names itself: the service group writes every service's description once at start,
// and the default one reflects the whole value (mappings and caches included), which took most
// of start-up.

/// The poller as a service: runs due polls every few seconds until graceful shutdown.
struct PollerService: Service, CustomStringConvertible {
    var description: String { "PollerService" }
    let poller: RecordPoller
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await poller.runDue()
                try? await Task.sleep(for: .seconds(5))
            }
        }
    }
}

/// Turns kept provider webhook requests into unified events, woken by each request.
struct InboundWebhookWorkerService: Service, CustomStringConvertible {
    var description: String { "InboundWebhookWorkerService" }
    let service: InboundWebhookService
    let loop: WakeableLoop
    func run() async throws {
        await cancelWhenGracefulShutdown { await loop.run { await service.processDue() } }
    }
}

/// The delivery worker as a service: runs until graceful shutdown.
struct WebhookWorkerService: Service, CustomStringConvertible {
    var description: String { "WebhookWorkerService" }
    let worker: WebhookDeliveryWorker
    func run() async throws {
        await cancelWhenGracefulShutdown { await worker.run() }
    }
}
