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

    public init(fixtures: ProviderFixtures, apiToken: String, seedCount: Int = 300) throws {
        self.apiToken = apiToken
        catalog = try PipedriveCatalog(fixtures: fixtures)
        store = PipedriveDealStore(seedCount: seedCount, catalog: catalog)
    }

    // MARK: - Test hooks

    /// The stored deal (deleted ones too) as the API v2 JSON object, serialised with sorted keys.
    public func storedDealJSON(id: Int) async -> Data? {
        guard let deal = await store.deal(id: id) else { return nil }
        return FakeJSON.sortedData(catalog.deal.json(deal, fields: catalog.fields))
    }

    /// The stored deal value (deleted ones too).
    public func storedDeal(id: Int) async -> PipedriveDeal? { await store.deal(id: id) }

    /// How many deals are not deleted.
    public func liveDealCount() async -> Int { await store.liveDealCount }

    /// The 40-character key of a custom deal field by display name ("Renewal type"), case-insensitive.
    public func customFieldKey(named name: String) async -> String? { catalog.custom(named: name)?.key }

    /// The seeded custom deal fields.
    public func customFields() async -> [PipedriveDealField] { catalog.customFields }

    // MARK: - Routes

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let guarded = RouteGuard(reject: { [apiToken] request in
            Self.credentials.accept(apiToken, in: request) ? nil : PipedriveAPIError.unauthorized.response
        }, internalError: { _ in PipedriveAPIError(status: .internalServerError, message: "Internal server error").response })
        router.on(.get, "/api/v2/deals", guarded) { request, _ in try await self.listDeals(request) }
        router.on(.get, "/api/v2/deals/:id", guarded) { request, context in try await self.getDeal(request, id: context.parameters.get("id")) }
        router.on(.post, "/api/v2/deals", guarded) { request, _ in try await self.createDeal(request) }
        router.on(.patch, "/api/v2/deals/:id", guarded) { request, context in try await self.updateDeal(request, id: context.parameters.get("id")) }
        router.on(.delete, "/api/v2/deals/:id", guarded) { _, context in try await self.deleteDeal(id: context.parameters.get("id")) }
        // v1 accepted both prefixes (migration guide); dealFields stays on v1 here.
        for path in ["/v1/dealFields", "/api/v1/dealFields"] {
            router.on(.get, RouterPath(path), guarded) { request, _ in try self.listDealFields(request) }
        }
        router.on(.get, "/api/v2/stages", guarded) { request, _ in try self.listStages(request) }
    }

    // MARK: - Deals (v2)

    private func listDeals(_ request: Request) async throws -> Response {
        let params = request.uri.queryParameters
        var query = PipedriveDealQuery()
        query.limit = try Self.limit(params.get("limit"))
        if let raw = params.get("status"), !raw.isEmpty {
            let values = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            for value in values where !["open", "won", "lost", "deleted"].contains(value) {
                throw PipedriveAPIError.badRequest("Validation failed: status: must be one of open, won, lost, deleted")
            }
            query.statuses = Set(values)
        }
        query.ownerID = try Self.intParam(params.get("owner_id"), "owner_id")
        query.personID = try Self.intParam(params.get("person_id"), "person_id")
        query.orgID = try Self.intParam(params.get("org_id"), "org_id")
        query.pipelineID = try Self.intParam(params.get("pipeline_id"), "pipeline_id")
        query.stageID = try Self.intParam(params.get("stage_id"), "stage_id")
        _ = try Self.intParam(params.get("filter_id"), "filter_id")
        if let raw = params.get("ids"), !raw.isEmpty {
            var ids = Set<Int>()
            for part in raw.split(separator: ",") {
                guard let id = Int(part.trimmingCharacters(in: .whitespaces)), id > 0 else {
                    throw PipedriveAPIError.badRequest("Validation failed: ids: must be a comma separated list of integers")
                }
                ids.insert(id)
            }
            guard ids.count <= 100 else {
                throw PipedriveAPIError.badRequest("Validation failed: ids: at most 100 ids are allowed")
            }
            query.ids = ids
        }
        query.updatedSince = try Self.timeParam(params.get("updated_since"), "updated_since")
        query.updatedUntil = try Self.timeParam(params.get("updated_until"), "updated_until")
        if let raw = params.get("sort_by") {
            guard let field = PipedriveDealQuery.SortField(rawValue: raw) else {
                throw PipedriveAPIError.badRequest("Validation failed: sort_by: must be one of id, update_time, add_time")
            }
            query.sortBy = field
        }
        if let raw = params.get("sort_direction") {
            guard raw == "asc" || raw == "desc" else {
                throw PipedriveAPIError.badRequest("Validation failed: sort_direction: must be one of asc, desc")
            }
            query.descending = raw == "desc"
        }
        if let raw = params.get("cursor"), !raw.isEmpty {
            guard let cursor = PipedriveCursor.decode(raw), cursor.sortBy == query.sortBy.rawValue,
                  cursor.direction == (query.descending ? "desc" : "asc") else {
                throw PipedriveAPIError.badRequest("Validation failed: cursor: invalid cursor")
            }
            query.cursor = cursor
        }
        let only = try Self.customFieldSelection(params.get("custom_fields"))

        let (page, next) = await store.list(query)
        return FakeJSON.response(.ok, [
            "success": true,
            "data": page.map { catalog.deal.json($0, fields: catalog.fields, onlyCustomFields: only) },
            "additional_data": ["next_cursor": next.map { $0 as Any } ?? NSNull()],
        ])
    }

    private func getDeal(_ request: Request, id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        let only = try Self.customFieldSelection(request.uri.queryParameters.get("custom_fields"))
        guard let deal = await store.deal(id: id), deal.bool("is_deleted") != true else { throw PipedriveAPIError.notFound() }
        return FakeJSON.response(.ok, ["success": true, "data": catalog.deal.json(deal, fields: catalog.fields, onlyCustomFields: only)])
    }

    private func createDeal(_ request: Request) async throws -> Response {
        guard let body = try await FakeJSON.object(from: request) else {
            throw PipedriveAPIError.badRequest("Validation failed: request body must be a JSON object")
        }
        let input = try PipedriveDealInput.parse(body, creating: true, catalog: catalog)
        let deal = try await store.create(input, now: PipedriveTime.now())
        // API v2 answers POST /deals with 200, not 201 (OpenAPI: "200 - Add deal").
        return FakeJSON.response(.ok, ["success": true, "data": catalog.deal.json(deal, fields: catalog.fields)])
    }

    private func updateDeal(_ request: Request, id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        guard let body = try await FakeJSON.object(from: request) else {
            throw PipedriveAPIError.badRequest("Validation failed: request body must be a JSON object")
        }
        let input = try PipedriveDealInput.parse(body, creating: false, catalog: catalog)
        let deal = try await store.update(id: id, input, now: PipedriveTime.now())
        return FakeJSON.response(.ok, ["success": true, "data": catalog.deal.json(deal, fields: catalog.fields)])
    }

    private func deleteDeal(id rawID: String?) async throws -> Response {
        let id = try Self.dealID(rawID)
        let deleted = try await store.delete(id: id, now: PipedriveTime.now())
        return FakeJSON.response(.ok, ["success": true, "data": ["id": deleted]])
    }

    // MARK: - Deal fields (v1, offset pagination)

    private func listDealFields(_ request: Request) throws -> Response {
        let params = request.uri.queryParameters
        var start = 0
        if let raw = params.get("start") {
            guard let value = Int(raw), value >= 0 else {
                throw PipedriveAPIError.badRequest("start must be a non-negative integer")
            }
            start = value
        }
        var limit = 100
        if let raw = params.get("limit") {
            guard let value = Int(raw), value > 0 else {
                throw PipedriveAPIError.badRequest("limit must be a positive integer")
            }
            limit = min(value, 500)
        }
        let page = OffsetPage(catalog.fieldsAnswer.items, start: start, limit: limit)
        var pagination: [String: Any] = ["start": start, "limit": limit, "more_items_in_collection": page.more]
        if let next = page.nextStart { pagination["next_start"] = next }
        return FakeJSON.response(.ok, [
            "success": true,
            "data": page.items,
            "additional_data": ["pagination": pagination],
        ])
    }

    // MARK: - Stages (v2)

    private func listStages(_ request: Request) throws -> Response {
        let params = request.uri.queryParameters
        let limit = try Self.limit(params.get("limit"))
        let pipelineID = try Self.intParam(params.get("pipeline_id"), "pipeline_id")
        var afterID = 0
        if let raw = params.get("cursor"), !raw.isEmpty {
            guard let cursor = PipedriveCursor.decode(raw), cursor.sortBy == "stage" else {
                throw PipedriveAPIError.badRequest("Validation failed: cursor: invalid cursor")
            }
            afterID = cursor.id
        }
        let matching = catalog.stagesAnswer.items.filter {
            let id = $0["id"] as? Int ?? 0
            return id > afterID && (pipelineID == nil || $0["pipeline_id"] as? Int == pipelineID)
        }
        let page = Array(matching.prefix(limit))
        let lastID = page.last?["id"] as? Int ?? 0
        let next: Any = matching.count > limit
            ? PipedriveCursor(sortBy: "stage", direction: "asc", key: lastID, id: lastID).encoded
            : NSNull()
        return FakeJSON.response(.ok, [
            "success": true,
            "data": page,
            "additional_data": ["next_cursor": next],
        ])
    }

    // MARK: - Query parameter parsing

    /// `limit`: default 100, at most 500 (v2 list endpoints).
    private static func limit(_ raw: String?) throws -> Int {
        guard let raw else { return 100 }
        guard let value = Int(raw), (1...500).contains(value) else {
            throw PipedriveAPIError.badRequest("Validation failed: limit: must be an integer between 1 and 500")
        }
        return value
    }

    private static func intParam(_ raw: String?, _ name: String) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Int(raw), value > 0 else {
            throw PipedriveAPIError.badRequest("Validation failed: \(name): must be a positive integer")
        }
        return value
    }

    private static func timeParam(_ raw: String?, _ name: String) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = PipedriveTime.parseRFC3339(raw) else {
            throw PipedriveAPIError.badRequest("Validation failed: \(name): must be a date-time in RFC 3339 format")
        }
        return value
    }

    private static func dealID(_ raw: String?) throws -> Int {
        guard let raw, let id = Int(raw), id > 0 else {
            throw PipedriveAPIError.badRequest("Validation failed: id: must be a positive integer")
        }
        return id
    }

    /// `custom_fields` query parameter: at most 15 keys.
    private static func customFieldSelection(_ raw: String?) throws -> Set<String>? {
        guard let raw, !raw.isEmpty else { return nil }
        let keys = raw.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard keys.count <= 15 else {
            throw PipedriveAPIError.badRequest("Validation failed: custom_fields: a maximum of 15 keys is allowed")
        }
        return Set(keys)
    }
}
