import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird

/// In-process emulator of HubSpot's CRM v3 API: deals (objects, properties, pipelines and stages), companies, contacts,
/// notes, tasks and leads (objects, search, properties), and owners.
/// Facts and their sources: `mappings/providers/hubspot.md`.
public final class HubSpotEmulator: ProviderEmulator, Sendable {
    public let basics = EmulatorBasics(integration: "hubspot")
    public let catalog: HubSpotCatalog
    /// The deals. Public so tests and benchmarks can inspect state directly.
    public let store: HubSpotDealStore
    /// Accepted as `Authorization: Bearer` (private app token or OAuth access token); the host of `paging.next.link`.
    public let accessToken: String, apiBaseURL: String
    /// The account id (`portalId`) of validation messages, webhook events and account details.
    public let portalID: Int
    /// The `GET /account-info/v3/details` answer (`account-info.json`).
    nonisolated(unsafe) let accountInfo: [String: Any]
    public let webhooks: HubSpotWebhooks
    let answers: AnswerStyle
    /// The objects besides deals (`objects.json`): companies, contacts, notes, tasks, leads, by their path name.
    public let objects: [String: HubSpotObjectType]
    let objectTexts: HubSpotObjectsFile.Messages
    /// The account's owners (`owners.json`), served read-only.
    let owners: FixtureList

    /// `limit` of the list endpoint: 1 to 100, 10 by default.
    public static let maxPageSize = 100, defaultPageSize = 10

    public init(fixtures: ProviderFixtures, accessToken: String, seedCount: Int = 300,
                apiBaseURL: String = "https://api.hubapi.com", portalID: Int? = nil) throws {
        (self.accessToken, self.apiBaseURL) = (accessToken, apiBaseURL)
        catalog = try HubSpotCatalog(fixtures: fixtures)
        answers = try fixtures.answers(requiredErrors: HubSpotErrors.named)
        store = try HubSpotDealStore(try catalog.seededDeals(count: seedCount), shape: catalog.dealShape)
        var info = try fixtures.object("account-info.json").filter { $0.key != "_comment" }
        guard let portal = portalID ?? info["portalId"].flatMap(FakeJSON.int) else { throw FixtureError("hubspot account-info.json: no portalId") }
        info["portalId"] = portal
        (self.portalID, accountInfo) = (portal, info)
        webhooks = try HubSpotWebhooks(fixtures: fixtures, portalID: portal)
        let objectsFile = try fixtures.decode(HubSpotObjectsFile.self, "objects.json")
        objects = try Self.seedObjects(objectsFile, catalog: catalog, deals: try catalog.seededDeals(count: seedCount), fixtures: fixtures)
        (objectTexts, owners) = (objectsFile.messages, try fixtures.list("owners.json", member: "results"))
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let guarded = RouteGuard(answers: answers, reject: { [accessToken, tokens] request in
            [Credential.bearer].accept(accessToken, in: request) || tokens.acceptsBearer(request.headers[.authorization]) ? nil : .named("unauthorized")
        }, internalError: { [portalID] error in
            (error as? HubSpotPropertyFailures).map { HubSpotErrors.propertyValues($0.items, portalID: portalID) } ?? .named("internal")
        })
        let deals = "/crm/v3/objects/deals", deal = RouterPath("\(deals)/:dealId")
        let id = { @Sendable (context: BasicRequestContext) in context.parameters.get("dealId") ?? "" }
        router.on(.get, RouterPath(deals), guarded) { request, _ in try await self.listDeals(request) }
        router.on(.get, deal, guarded) { request, context in try await self.getDeal(request, rawID: id(context)) }
        router.on(.post, RouterPath(deals), guarded) { request, _ in try await self.createDeal(request) }
        router.on(.patch, deal, guarded) { request, context in try await self.updateDeal(request, rawID: id(context)) }
        router.on(.delete, deal, guarded) { _, context in await self.archiveDeal(rawID: id(context)) }
        router.on(.get, "/crm/v3/pipelines/deals", guarded) { _, _ in self.answers.response(.ok, ["results": self.catalog.pipelines.answer.items]) }
        router.on(.get, "/crm/v3/pipelines/deals/:pipelineId", guarded) { _, context in
            let id = context.parameters.get("pipelineId") ?? ""
            guard let pipeline = self.catalog.pipelines.answer.item("id", equals: id) else { throw HubSpotErrors.objectNotFound(id: id) }
            return self.answers.response(.ok, pipeline)
        }
        addObjectRoutes(to: router, guarded: guarded)
        router.on(.get, "/account-info/v3/details", guarded) { _, _ in self.answers.response(.ok, self.accountInfo) }
        addDefaultAssociationRoute(to: router, guarded: guarded)
        WebhookAdmin.addRoutes(to: router, outbox: webhooks.outbox, configurable: true)
    }

    private func listDeals(_ request: Request) async throws -> Response {
        let params = query(request)
        let limit = try params.int("limit", in: 1...Self.maxPageSize, default: Self.defaultPageSize)
        let after = try params.int("after", in: 0...Int.max)
        let (selection, associations) = try readOptions(params)
        let (page, next) = await catalog.page(store, after: after, limit: limit, archived: params.flag("archived"))
        var body: [String: Any] = ["results": page.map { catalog.json($0, selection, associations: associations) }]
        if let next { // paging.next.link: the same request with the next `after`
            let others = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != "limit" && $0.0 != "after" }
            let link = "\(apiBaseURL)/crm/v3/objects/deals?" + QueryString.encode([("limit", String(limit)), ("after", String(next))] + others)
            body["paging"] = ["next": ["after": String(next), "link": link]]
        }
        return answers.response(.ok, body)
    }

    private func getDeal(_ request: Request, rawID: String) async throws -> Response {
        let params = query(request)
        guard let id = Int(rawID), let deal = await store.record(id), deal.bool("archived") == params.flag("archived") else {
            throw HubSpotErrors.objectNotFound(id: rawID)
        }
        let (selection, associations) = try readOptions(params)
        return answers.response(.ok, catalog.json(deal, selection, associations: associations))
    }

    private func createDeal(_ request: Request) async throws -> Response {
        let (body, input) = try await Self.propertiesBody(request, model: "SimplePublicObjectInputForCreate")
        let associated = try catalog.associations.ids(body["associations"]) { HubSpotErrors.validation($0) }
        let deal = await catalog.create(values: try catalog.properties.validate(input, existing: nil).get(), associated: associated, in: store)
        webhooks.send(.creation, objectID: deal.int64("id") ?? 0, occurredAt: deal.int64("createdAt") ?? 0)
        return answers.response(.created, catalog.json(deal, .stored))
    }

    private func updateDeal(_ request: Request, rawID: String) async throws -> Response {
        guard let id = Int(rawID) else { throw HubSpotErrors.objectNotFound(id: rawID) }
        let input = try await Self.propertiesBody(request, model: "SimplePublicObjectInput").input
        let (old, deal) = try await catalog.update(id, input: input, in: store)
        let (written, before, after) = (input.map(\.key).filter { catalog.properties.definition($0) != nil }, old.propertyValues, deal.propertyValues)
        webhooks.send(.propertyChange, objectID: Int64(id), occurredAt: deal.int64("updatedAt") ?? 0,
                      properties: written.compactMap { before[$0] == after[$0] ? nil : ($0, after[$0] ?? "") })
        return answers.response(.ok, catalog.json(deal, .named(written)))
    }

    /// Archiving is idempotent: an unknown or already archived id also answers 204.
    private func archiveDeal(rawID: String) async -> Response {
        let now = FakeClock.nowMilliseconds()
        if let id = Int(rawID), await store.delete(id, now: now) != nil { webhooks.send(.deletion, objectID: Int64(id), occurredAt: now) }
        return answers.noContent()
    }

    /// The request's query; a bad parameter answers as `query-errors.json` words it.
    func query(_ request: Request) -> QueryReader<FakeError> { QueryReader(request, failure: HubSpotErrors.query(catalog.queryErrors)) }

    /// `properties=` (only defined properties come back; unknown names are ignored) and `associations=`.
    private func readOptions(_ params: QueryReader<FakeError>) throws -> (HubSpotSelection, [String]) {
        let names = try params.list("properties")
        let selection = names.isEmpty ? HubSpotSelection.defaults : .named(names.filter { catalog.properties.definition($0) != nil })
        return (selection, catalog.associations.kinds(named: try params.list("associations")))
    }

    /// A create/update body (`model` names HubSpot's input type in the error) and its `properties`: strings, numbers,
    /// booleans or null; HubSpot stores their text (`1500` as "1500"), and `""` or null clears a value.
    static func propertiesBody(_ request: Request, model: String) async throws -> (body: [String: Any], input: [(key: String, value: RecordValue)]) {
        guard let body = try await FakeJSON.object(from: request) else { throw FakeError.named("bodyNotObject") }
        guard let raw = body["properties"] else { throw FakeError.named("propertiesMissing", ["model": .string(model)]) }
        guard let object = raw as? [String: Any] else { throw FakeError.named("propertiesNotObject") }
        return (body, try object.keys.sorted().map { name in
            switch RecordValue(foundation: object[name]!) {
            case .null?, .string("")?: return (name, .null)
            case let value? where value.string != nil || value.bool != nil || value.double != nil: return (name, .string(value.messageText))
            default: throw FakeError.named("propertyNotScalar", ["property": .string(name)])
            }
        })
    }
}
