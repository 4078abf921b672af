import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird

/// In-process emulator of HighLevel's (LeadConnector, `services.leadconnectorhq.com`) opportunities API,
/// API version `2021-07-28`, for one sub-account (location). Facts and sources: `mappings/providers/highlevel.md`.
public final class HighLevelEmulator: ProviderEmulator, Sendable {
    /// The API version the opportunities spec declares for every operation.
    public static let apiVersion = "2021-07-28"
    /// Versions HighLevel's gateway accepts (published set); anything else answers 401 "version header is invalid".
    public static let acceptedVersions: Set<String> = ["2021-07-28", "2021-04-15", "2023-02-21", "v3"]
    static let version = RequiredHeader(HTTPField.Name("Version")!, accepted: acceptedVersions,
                                        missing: .named("versionMissing"), invalid: .named("versionInvalid"))

    public let basics = EmulatorBasics(integration: "highlevel")
    public let catalog: HighLevelCatalog
    /// The opportunities. Public so tests and benchmarks can inspect state directly.
    public let store: HighLevelOpportunityStore
    public let contacts: HighLevelContacts
    /// The location's contacts, businesses, users, notes, tasks and calendar events.
    public let data: HighLevelLocationData
    /// The sub-account token (private integration or OAuth access token), sent as `Authorization: Bearer`.
    public let accessToken: String
    /// The only location the token may touch.
    public let locationId: String
    public let customFieldReadShape: HighLevelCustomFieldReadShape
    let answers: AnswerStyle
    public let webhooks: HighLevelWebhooks

    public init(fixtures: ProviderFixtures, accessToken: String, locationId: String, seedCount: Int = 300,
                customFieldReadShape: HighLevelCustomFieldReadShape = .spec) throws {
        (self.accessToken, self.locationId, self.customFieldReadShape) = (accessToken, locationId, customFieldReadShape)
        catalog = try HighLevelCatalog(fixtures: fixtures)
        answers = try fixtures.answers(requiredErrors: HighLevelErrors.named)
        let pool = try catalog.seededContacts(count: seedCount)
        contacts = HighLevelContacts(pool + catalog.namedContacts)
        data = try HighLevelLocationData(fixtures: fixtures, catalog: catalog, pool: pool, locationId: locationId)
        store = try HighLevelOpportunityStore(locationId: locationId, seedCount: seedCount, pool: pool, catalog: catalog)
        webhooks = try HighLevelWebhooks(fixtures: fixtures)
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let guarded = RouteGuard(answers: answers) { [accessToken, tokens] request in
            guard [Credential.bearer].accept(accessToken, in: request) || tokens.acceptsBearer(request.headers[.authorization]) else { return .named("invalidToken") }
            return Self.version.problem(in: request.headers)
        }
        // Constant segments (`search`, `pipelines`) win over the `:id` parameter in Hummingbird's trie router.
        router.on(.get, "/opportunities/search", guarded) { request, _ in try await self.search(request) }
        router.on(.get, "/opportunities/pipelines", guarded) { request, _ in try self.listPipelines(request) }
        router.on(.get, "/opportunities/:id", guarded) { _, context in try await self.getOpportunity(id: context.parameters.get("id")) }
        // The spec's path is `/opportunities/` (trailing slash); the router matches it with and without.
        router.on(.post, "/opportunities", guarded) { request, _ in try await self.createOpportunity(request) }
        router.on(.put, "/opportunities/:id", guarded) { request, context in try await self.updateOpportunity(request, id: context.parameters.get("id")) }
        router.on(.put, "/opportunities/:id/status", guarded) { request, context in try await self.updateStatus(request, id: context.parameters.get("id")) }
        router.on(.delete, "/opportunities/:id", guarded) { _, context in try await self.deleteOpportunity(id: context.parameters.get("id")) }
        router.on(.get, "/locations/:locationId/customFields", guarded) { request, context in
            try self.listCustomFields(request, locationId: context.parameters.get("locationId"))
        }
        addObjectRoutes(to: router, guarded)
        WebhookAdmin.addRoutes(to: router, outbox: webhooks.outbox, configurable: true, publicKeyPEM: webhooks.key.publicKeyPEM)
    }

    func json(_ opportunity: HighLevelOpportunity, _ contact: HighLevelContact?) -> [String: Any] {
        catalog.json(opportunity, contact: contact, readShape: customFieldReadShape)
    }

    func search(_ query: HighLevelSearchQuery) async -> HighLevelSearchPage { await store.search(query, contacts: contacts) }

    /// 403 unless `id` is the emulator's location.
    func requireOwnLocation(_ id: String) throws { if id != locationId { throw FakeError.named("locationForbidden") } }

    /// `meta.nextPageUrl` repeats the client's query with the cursor and page moved on.
    private func search(_ request: Request) async throws -> Response {
        let query = try HighLevelSearchQuery.parse(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, table: catalog.search)
        try requireOwnLocation(query.tenant)
        var values = query.answerValues(await search(query), key: "createdAt", id: "id") { self.json($0, $1) }
        if let next = values["next"] {
            values["nextPageUrl"] = "\(request.head.authority.map { "http://\($0)" } ?? "https://services.leadconnectorhq.com")/opportunities/search?\(next)"
        }
        return FakeJSON.response(.ok, catalog.search.answer(values))
    }

    private func getOpportunity(id rawID: String?) async throws -> Response {
        let opportunity = try await store.own(rawID ?? "")
        return FakeJSON.response(.ok, ["opportunity": json(opportunity, contacts.contact(of: opportunity))])
    }

    private func createOpportunity(_ request: Request) async throws -> Response {
        let input = try HighLevelOpportunityInput.parse(try await body(request), creating: true, catalog: catalog)
        try requireOwnLocation(input.values["locationId"]?.string ?? "")
        // A contact created through POST /contacts/ may own opportunities too (its summary is not embedded).
        let created = await data.contacts.store.record(input.values["contactId"]?.string ?? "") != nil
        return await written("create", old: nil, new: try await catalog.create(input, locationId: locationId, contacts: contacts, in: store,
                                                                               now: FakeClock.nowMilliseconds(), contactExists: created))
    }

    private func updateOpportunity(_ request: Request, id rawID: String?) async throws -> Response {
        let input = try HighLevelOpportunityInput.parse(try await body(request), creating: false, catalog: catalog)
        let (old, new) = try await catalog.update(id: rawID ?? "", input, in: store, now: FakeClock.nowMilliseconds())
        return await written("update", old: old, new: new)
    }

    /// `UpdateStatusDto`: the first failing rule answers alone; a null `lostReasonId` changes nothing.
    private func updateStatus(_ request: Request, id rawID: String?) async throws -> Response {
        let check = ShapeCheck(try await body(request), shape: catalog.statusUpdate, creating: true)
        if let message = check.firstMessage { throw HighLevelErrors.unprocessable([message]) }
        let input = HighLevelOpportunityInput(values: check.values.filter { !$0.value.isNull })
        let (old, new) = try await catalog.update(id: rawID ?? "", input, in: store, now: FakeClock.nowMilliseconds())
        return await written("status", old: old, new: new)
    }

    private func deleteOpportunity(id rawID: String?) async throws -> Response {
        await written("delete", old: try await store.deleteOwn(rawID ?? "", now: 0), new: nil)
    }

    func body(_ request: Request) async throws -> [String: Any] { try await FakeJSON.objectBody(of: request, invalid: .named("invalidJSON")) }

    /// The answer of a write (`writes.json`) after its webhook events, both sides with the record's contact.
    private func written(_ write: String, old: HighLevelOpportunity?, new: HighLevelOpportunity?) async -> Response {
        let contact = contacts.contact(of: new ?? old)
        return catalog.writes.answer(write, old: old.map { json($0, contact) }, new: new.map { json($0, contact) }, send: webhooks.send)
    }

    // MARK: - Pipelines and custom fields

    private func listPipelines(_ request: Request) throws -> Response {
        guard let location = request.uri.queryParameters.get("locationId"), !location.isEmpty else {
            throw HighLevelErrors.unprocessable(["locationId should not be empty", "locationId must be a string"])
        }
        try requireOwnLocation(location)
        return FakeJSON.response(.ok, ["pipelines": catalog.pipelines.answer.items(setting: "locationId", to: locationId)])
    }

    /// `model` is `contact` (the default), `opportunity` or `all` (contact fields first).
    private func listCustomFields(_ request: Request, locationId rawLocation: String?) throws -> Response {
        let query = QueryReader(request, failure: HighLevelErrors.query(catalog.search.wording))
        let model = try query.oneOf("model", ["contact", "opportunity", "all"]) ?? "contact"
        let fields = (model == "opportunity" ? [] : catalog.contactFields.answer.items(setting: "locationId", to: locationId))
            + (model == "contact" ? [] : catalog.opportunityFields.answer.items(setting: "locationId", to: locationId))
        try requireOwnLocation(rawLocation ?? "")
        return FakeJSON.response(.ok, ["customFields": fields])
    }
}
