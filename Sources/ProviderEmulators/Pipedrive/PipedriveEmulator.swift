import FakeProviderKit
import Foundation
import Hummingbird

/// In-process emulator of Pipedrive's deals API: API v2 for deals and stages, API v1 for dealFields.
///
/// Facts and their sources: `mappings/providers/pipedrive.md`.
public final class PipedriveEmulator: ProviderEmulator, Sendable {
    public let basics = EmulatorBasics(integration: "pipedrive")
    /// Deal fields and stages, from `mappings/pipedrive/fixtures`.
    public let catalog: PipedriveCatalog
    /// The deals. Public so tests and benchmarks can inspect state directly.
    public let store: PipedriveDealStore
    /// Accepted as `x-api-token` header, `api_token` query parameter or `Authorization: Bearer`.
    public let apiToken: String
    static let credentials: [Credential] = [.header("x-api-token"), .bearer, .query("api_token")]
    /// The error envelope and fixed errors (`answers.json`).
    let answers: AnswerStyle
    /// The company's webhooks and their deliveries (`webhooks.json`, `current-user.json`).
    public let webhooks: PipedriveWebhooks
    /// Organizations, persons, activities, leads, notes, users, pipelines and field lists (`objects.json`).
    public let company: PipedriveCompany

    public init(fixtures: ProviderFixtures, apiToken: String, seedCount: Int = 300) throws {
        self.apiToken = apiToken
        catalog = try PipedriveCatalog(fixtures: fixtures)
        answers = try fixtures.answers(requiredErrors: PipedriveCatalog.namedErrors + PipedriveCompany.namedErrors)
        store = try PipedriveDealStore(seedCount: seedCount, catalog: catalog)
        company = try PipedriveCompany(fixtures: fixtures, catalog: catalog, deals: try catalog.seededDeals(count: min(seedCount, PipedriveCompany.linkedDeals)),
                                       dealStore: store)
        webhooks = try PipedriveWebhooks(fixtures: fixtures)
    }

    // MARK: - Routes

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let guarded = RouteGuard(answers: answers) { [apiToken, tokens] request in
            Self.credentials.accept(apiToken, in: request) || tokens.acceptsBearer(request.headers[.authorization]) ? nil : .named("unauthorized")
        }
        router.on(.get, "/api/v2/deals", guarded) { request, _ in try await self.listDeals(request) }
        router.on(.get, "/api/v2/deals/:id", guarded) { request, context in try await self.getDeal(request, id: context.parameters.get("id")) }
        router.on(.post, "/api/v2/deals", guarded) { request, _ in try await self.createDeal(request) }
        router.on(.patch, "/api/v2/deals/:id", guarded) { request, context in try await self.updateDeal(request, id: context.parameters.get("id")) }
        router.on(.delete, "/api/v2/deals/:id", guarded) { _, context in try await self.deleteDeal(id: context.parameters.get("id")) }
        router.on(.get, "/api/v2/stages", guarded) { request, _ in try self.listStages(request) }
        // v1 accepted both prefixes (migration guide); dealFields stays on v1 here.
        for prefix in ["/v1", "/api/v1"] {
            router.on(.get, RouterPath("\(prefix)/dealFields"), guarded) { request, _ in try self.listDealFields(request) }
            router.on(.get, RouterPath("\(prefix)/users/me"), guarded) { _, _ in self.webhooks.currentUserAnswer() }
        }
        webhooks.subscriptions.addRoutes(to: router, guarded)
        company.addRoutes(to: router, guarded, catalog: catalog)
    }

    // MARK: - Deals (v2)

    private func listDeals(_ request: Request) async throws -> Response {
        let params = QueryReader(request, failure: catalog.query)
        var query = try catalog.list.read(params)
        query.cursor = try Self.cursor(params, sortBy: query.sortBy, direction: query.direction)
        let only = try Self.customFieldSelection(params)

        let (page, next) = await store.list(query)
        return Self.ok(page.map { catalog.json($0, only: only) }, more: ["next_cursor": FakeJSON.nullable(next)])
    }

    private func getDeal(_ request: Request, id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        let only = try Self.customFieldSelection(QueryReader(request, failure: catalog.query))
        guard let deal = await store.deal(id: id), deal.bool("is_deleted") != true else { throw FakeError.named("notFound") }
        return Self.ok(catalog.json(deal, only: only))
    }

    private func createDeal(_ request: Request) async throws -> Response {
        let input = try PipedriveDealInput.parse(try await Self.body(request), creating: true, catalog: catalog)
        let deal = try await catalog.create(input, in: store, now: FakeClock.nowSeconds())
        webhooks.send(.create, dealID: deal.int("id") ?? 0, ownerID: deal.int("owner_id"), old: nil, new: catalog.json(deal))
        // API v2 answers POST /deals with 200, not 201 (OpenAPI: "200 - Add deal").
        return Self.ok(catalog.json(deal))
    }

    private func updateDeal(_ request: Request, id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        let input = try PipedriveDealInput.parse(try await Self.body(request), creating: false, catalog: catalog)
        let (old, deal) = try await catalog.update(id, input, in: store, now: FakeClock.nowSeconds())
        webhooks.send(.change, dealID: id, ownerID: deal.int("owner_id"), old: catalog.json(old), new: catalog.json(deal))
        return Self.ok(catalog.json(deal))
    }

    private func deleteDeal(id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        let old = try await store.delete(id, now: Int64(FakeClock.nowSeconds()), or: .named("notFound"))
        webhooks.send(.delete, dealID: id, ownerID: old.int("owner_id"), old: catalog.json(old), new: nil)
        return Self.ok(["id": id])
    }

    // MARK: - Deal fields (v1, offset pagination)

    private func listDealFields(_ request: Request) throws -> Response {
        let params = QueryReader(request, failure: catalog.v1Query)
        let start = try params.int("start", in: 0...Int.max, default: 0)
        let limit = min(try params.int("limit", in: Self.positive, default: 100), 500)
        let page = OffsetPage(catalog.fields.answer.items, start: start, limit: limit)
        var pagination: [String: Any] = ["start": start, "limit": limit, "more_items_in_collection": page.more]
        if let next = page.nextStart { pagination["next_start"] = next }
        return Self.ok(page.items, more: ["pagination": pagination])
    }

    // MARK: - Stages (v2)

    private func listStages(_ request: Request) throws -> Response {
        let params = QueryReader(request, failure: catalog.query)
        let limit = try params.int("limit", in: 1...500, default: 100)
        let pipelineID = try params.int("pipeline_id", in: Self.positive)
        let cursor = try Self.cursor(params, sortBy: "stage", direction: "asc")
        let (page, next) = catalog.pipelines.answer.keysetPage(after: cursor, sortBy: "stage", by: "id", limit: limit) {
            pipelineID == nil || $0["pipeline_id"] as? Int == pipelineID
        }
        return Self.ok(page, more: ["next_cursor": FakeJSON.nullable(next?.encoded)])
    }

    // MARK: - Parameters and answers

    /// Pipedrive's success envelope: `data`, and `additional_data` when given.
    private static func ok(_ data: Any, more: [String: Any]? = nil) -> Response {
        var body: [String: Any] = ["success": true, "data": data]
        if let more { body["additional_data"] = more }
        return FakeJSON.response(.ok, body)
    }

    /// Ids and filters are positive integers.
    static let positive = 1...Int.max

    private static func dealID(_ raw: String?) throws -> Int {
        guard let raw, let id = Int(raw), id > 0 else {
            throw FakeError.badRequest("Validation failed: id: must be a positive integer")
        }
        return id
    }

    /// The `cursor` parameter: a cursor of this sort, or 400.
    private static func cursor(_ params: QueryReader<FakeError>, sortBy: String, direction: String) throws -> PipedriveCursor? {
        guard let raw = params.string("cursor") else { return nil }
        guard let cursor = PipedriveCursor.decode(raw, sortBy: sortBy, direction: direction) else {
            throw FakeError.badRequest("Validation failed: cursor: invalid cursor")
        }
        return cursor
    }

    /// A write's body: a JSON object, or 400.
    private static func body(_ request: Request) async throws -> [String: Any] {
        guard let body = try await FakeJSON.object(from: request) else {
            throw FakeError.badRequest("Validation failed: request body must be a JSON object")
        }
        return body
    }

    /// `custom_fields` query parameter: at most 15 keys.
    private static func customFieldSelection(_ params: QueryReader<FakeError>) throws -> Set<String>? {
        let keys = try params.list("custom_fields", max: 15)
        return keys.isEmpty ? nil : Set(keys)
    }
}
