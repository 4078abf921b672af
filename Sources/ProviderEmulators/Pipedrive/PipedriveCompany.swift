import FakeProviderKit
import Foundation
import Hummingbird

/// The company's records besides deals (`objects.json`): organizations, persons and activities
/// (API v2), leads and notes (API v1), and what it serves as read: users (`users.json`), pipelines
/// (`pipelines.json`), stages (`stages.json`), person and organization fields. Seeded so they link:
/// organization n is seed company n (deal `org_id`), persons 30(n-1)+1...30n work there (deal
/// `person_id`), notes and activities sit on the first seeded deals, their persons and organizations.
public final class PipedriveCompany: Sendable {
    let organizations: PipedriveObject<Int>
    let persons: PipedriveObject<Int>
    let activities: PipedriveObject<Int>
    let leads: PipedriveObject<String>
    let notes: PipedriveObject<Int>
    let users: FixtureList
    let pipelines: FixtureList
    let personFields: FieldDefinitions
    let organizationFields: FieldDefinitions
    /// The token owner: the default author and owner of what the API creates.
    let tokenOwner: Int

    /// How many seeded deals notes and activities are spread over.
    static let linkedDeals = 50

    /// `deals` are the first seeded deals (what notes and activities sit on); `dealStore` answers
    /// persons' `deal_id` filter (CHG 30.5.0: the deal's persons, here its `person_id`).
    init(fixtures: ProviderFixtures, catalog: PipedriveCatalog, deals: [PipedriveDeal], dealStore: PipedriveDealStore) throws {
        let settings = try fixtures.decode([String: PipedriveObjectSettingsEntry].self, "objects.json").compactMapValues(\.settings)
        func entry(_ name: String) throws -> PipedriveObjectSettings {
            guard let found = settings[name] else { throw FixtureError("pipedrive objects.json: no \"\(name)\"") }
            return found
        }
        let seed = catalog.seed
        let linked: [String: RecordValue] = ["deals": .array(deals.prefix(Self.linkedDeals).map { .object($0.values) })]
        func seeded(_ settings: PipedriveObjectSettings, _ adjust: (inout [String: RecordValue]) -> Void = { _ in }) throws -> [ShapedRecord] {
            let shape = try fixtures.shape(settings.shape)
            return try seed.records(settings.seed, count: 0, inputs: linked).map { values in
                var values = values
                adjust(&values)
                return ShapedRecord(shape: shape, values)
            }
        }
        let owner = try fixtures.shape("deal").field("owner_id")?.default?.int ?? 0
        tokenOwner = owner
        let intID: @Sendable (String) -> Int? = { Int($0).flatMap { $0 > 0 ? $0 : nil } }
        let nextInt: @Sendable (ShapedRecord?) -> RecordValue = { .int(($0?.int("id") ?? 0) + 1) }
        let checks = catalog.customChecks

        let organizationSettings = try entry("organizations")
        organizations = try PipedriveObject(organizationSettings, fixtures: fixtures, seeded: try seeded(organizationSettings), checks: checks,
                                            parseID: intID, newID: nextInt, rules: PipedriveRules.organization)
        let personSettings = try entry("persons")
        persons = try PipedriveObject(personSettings, fixtures: fixtures, seeded: try seeded(personSettings), checks: checks,
                                      parseID: intID, newID: nextInt, rules: PipedriveRules.person) { params in
            guard let dealID = try params.int("deal_id", in: 1...Int.max) else { return nil }
            let person = await dealStore.deal(id: dealID).flatMap { $0.bool("is_deleted") == true ? nil : $0.int("person_id") }
            return { $0.int("id") == person }
        }
        let activitySettings = try entry("activities")
        activities = try PipedriveObject(activitySettings, fixtures: fixtures, seeded: try seeded(activitySettings),
                                         formats: ["clock": PipedriveRules.clock], checks: checks,
                                         parseID: intID, newID: nextInt, rules: PipedriveRules.activity)
        let leadSettings = try entry("leads")
        leads = try PipedriveObject(leadSettings, fixtures: fixtures, seeded: try seeded(leadSettings) { values in
            values["id"] = .string(PipedriveRules.seededLeadID(values.removeValue(forKey: "number")?.int ?? 0))
        }, checks: checks, parseID: { UUID(uuidString: $0) == nil ? nil : $0.lowercased() },
           newID: { _ in .string(UUID().uuidString.lowercased()) }, rules: PipedriveRules.lead)
        let noteSettings = try entry("notes")
        notes = try PipedriveObject(noteSettings, fixtures: fixtures, seeded: try seeded(noteSettings), checks: checks,
                                    parseID: intID, newID: nextInt, rules: PipedriveRules.note(author: owner))

        users = try fixtures.list("users.json", member: "data")
        pipelines = try fixtures.list("pipelines.json", member: "data")
        personFields = try FieldDefinitions(fixtures: fixtures, name: "person")
        organizationFields = try FieldDefinitions(fixtures: fixtures, name: "organization")
    }

    /// Every named error the company's routes answer.
    static let namedErrors = ["organizationNotFound", "personNotFound", "activityNotFound", "leadNotFound", "noteNotFound",
                              "userNotFound", "pipelineNotFound", "stageNotFound", "fieldNotFound"]

    func addRoutes(to router: Router<BasicRequestContext>, _ guarded: RouteGuard, catalog: PipedriveCatalog) {
        let v2: @Sendable (QueryProblem) -> FakeError = { catalog.query($0) }
        let v1: @Sendable (QueryProblem) -> FakeError = { catalog.v1Query($0) }
        organizations.addV2Routes(to: router, guarded, failure: v2)
        persons.addV2Routes(to: router, guarded, failure: v2)
        activities.addV2Routes(to: router, guarded, failure: v2)
        leads.addRoutes(to: router, guarded, v1Failure: v1)
        notes.addRoutes(to: router, guarded, v1Failure: v1)

        router.on(.get, "/api/v2/pipelines", guarded) { request, _ in try self.keysetFixtureList(self.pipelines, request, catalog: catalog) }
        router.on(.get, "/api/v2/pipelines/:id", guarded) { _, context in
            PipedriveAnswer.ok(try Self.item(self.pipelines, context.parameters.get("id"), missing: "pipelineNotFound"))
        }
        router.on(.get, "/api/v2/stages/:id", guarded) { _, context in
            PipedriveAnswer.ok(try Self.item(catalog.pipelines.answer, context.parameters.get("id"), missing: "stageNotFound"))
        }
        for prefix in ["/v1", "/api/v1"] {
            router.on(.get, RouterPath("\(prefix)/users"), guarded) { _, _ in PipedriveAnswer.ok(self.users.items) }
            router.on(.get, RouterPath("\(prefix)/users/:id"), guarded) { _, context in
                // `/users/me` is its own route (the token owner with the company's facts).
                PipedriveAnswer.ok(try Self.item(self.users, context.parameters.get("id"), missing: "userNotFound"))
            }
            for (name, fields) in [("dealFields", catalog.fields), ("personFields", personFields), ("organizationFields", organizationFields)] {
                if name != "dealFields" {
                    router.on(.get, RouterPath("\(prefix)/\(name)"), guarded) { request, _ in try Self.offsetFixtureList(fields.answer, request, catalog: catalog) }
                }
                router.on(.get, RouterPath("\(prefix)/\(name)/:id"), guarded) { _, context in
                    PipedriveAnswer.ok(try Self.item(fields.answer, context.parameters.get("id"), missing: "fieldNotFound"))
                }
            }
        }
    }

    /// The item of `list` whose integer `id` is `raw`, or the named 404.
    static func item(_ list: FixtureList, _ raw: String?, missing: String) throws -> [String: Any] {
        guard let id = raw.flatMap({ Int($0) }), let item = list.items.first(where: { $0["id"] as? Int == id }) else { throw FakeError.named(missing) }
        return item
    }

    /// An API v2 list served from a fixture list in id order (`limit`, `cursor`).
    func keysetFixtureList(_ list: FixtureList, _ request: Request, catalog: PipedriveCatalog) throws -> Response {
        let params = QueryReader(request, failure: catalog.query)
        let limit = try params.int("limit", in: 1...500, default: 100)
        var cursor: KeysetCursor?
        if let raw = params.string("cursor") {
            guard let decoded = KeysetCursor.decode(raw, sortBy: "id", direction: "asc") else { throw FakeError.badRequest("Validation failed: cursor: invalid cursor") }
            cursor = decoded
        }
        let (page, next) = list.keysetPage(after: cursor, sortBy: "id", by: "id", limit: limit)
        return PipedriveAnswer.ok(page, more: ["next_cursor": FakeJSON.nullable(next?.encoded)])
    }

    /// An API v1 list served from a fixture list (`start`, `limit`, `additional_data.pagination`).
    static func offsetFixtureList(_ list: FixtureList, _ request: Request, catalog: PipedriveCatalog) throws -> Response {
        let params = QueryReader(request, failure: catalog.v1Query)
        let start = try params.int("start", in: 0...Int.max, default: 0)
        let limit = min(try params.int("limit", in: 1...Int.max, default: 100), 500)
        let page = OffsetPage(list.items, start: start, limit: limit)
        var pagination: [String: Any] = ["start": start, "limit": limit, "more_items_in_collection": page.more]
        if let next = page.nextStart { pagination["next_start"] = next }
        return PipedriveAnswer.ok(page.items, more: ["pagination": pagination])
    }
}

/// An `objects.json` member: an object's settings, or a comment.
private struct PipedriveObjectSettingsEntry: Decodable {
    let settings: PipedriveObjectSettings?
    init(from decoder: any Decoder) throws {
        settings = try? PipedriveObjectSettings(from: decoder)
        if settings == nil, (try? decoder.singleValueContainer().decode(String.self)) == nil {
            _ = try PipedriveObjectSettings(from: decoder)
        }
    }
}
