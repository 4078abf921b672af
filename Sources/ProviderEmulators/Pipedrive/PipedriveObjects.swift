import FakeProviderKit
import Foundation
import Hummingbird

/// One Pipedrive object besides deals, as `objects.json` declares it: its API version and path,
/// its record shape (`records.json`) and seed table (`seed-recipe.json`), its 404 (a named error of
/// `answers.json`), its custom field definitions (`catalog.json`'s `fields`), and its list: API v2
/// keyset (`list`, a `KeysetListQuery`) or API v1 offset (`offset`).
struct PipedriveObjectSettings: Sendable, Decodable {
    struct OffsetList: Sendable, Decodable {
        let limit: KeysetListQuery.Limit
        /// The order the list walks (ids, or add_time for leads).
        let order: String
        let filters: QueryFilters
    }

    let api: String
    let path: String
    let shape: String
    let seed: String
    let notFound: String
    let customFields: String?
    /// 200 unless given (v1 leads answer 201).
    let createStatus: Int?
    /// `PATCH` unless given (v1 notes take `PUT`).
    let update: String?
    /// `data` of a delete: `{"id": id}` unless `"true"` (v1 notes answer `"data": true`).
    let deleteAnswer: String?
    /// Records the list leaves out when they hold all these values (archived leads).
    let hidden: [String: RecordValue]?
    let list: KeysetListQuery?
    let offset: OffsetList?
}

/// What an object does besides storing its checked fields: Pipedrive's rules on the record a
/// write makes (`written` are the checked members; `creating` on POST). Throws the 400 it answers.
/// A list filter that needs another object's records (persons `deal_id`: the deal's person): the
/// test of a record the query asks for, nil when the query does not use it.
typealias PipedriveRelatedFilter = @Sendable (_ params: QueryReader<FakeError>) async throws -> (@Sendable (ShapedRecord) -> Bool)?

typealias PipedriveRecordRules = @Sendable (_ record: inout ShapedRecord, _ written: [String: RecordValue], _ creating: Bool, _ now: Int) throws(FakeError) -> Void

/// The records of one object and its routes: list, get, create, update, delete.
final class PipedriveObject<ID: RecordID>: Sendable {
    let settings: PipedriveObjectSettings
    let shape: RecordShape
    let formats: ShapeFormats
    let store: RecordStore<ID>
    let fields: FieldDefinitions?
    let checks: FieldValueChecks
    let rules: PipedriveRecordRules
    let related: PipedriveRelatedFilter?
    let parseID: @Sendable (String) -> ID?
    let newID: @Sendable (ShapedRecord?) -> RecordValue

    init(_ settings: PipedriveObjectSettings, fixtures: ProviderFixtures, seeded: [ShapedRecord], formats extra: [String: ShapeFormats.Format] = [:],
         checks: FieldValueChecks, parseID: @escaping @Sendable (String) -> ID?, newID: @escaping @Sendable (ShapedRecord?) -> RecordValue,
         rules: @escaping PipedriveRecordRules = { _, _, _, _ throws(FakeError) in }, related: PipedriveRelatedFilter? = nil) throws {
        self.settings = settings
        shape = try fixtures.shape(settings.shape)
        formats = ShapeFormats(shape: shape, formats: extra)
        store = try RecordStore(seeded, shape: shape)
        fields = try settings.customFields.map { try FieldDefinitions(fixtures: fixtures, name: $0) }
        self.checks = checks
        self.parseID = parseID
        self.newID = newID
        self.rules = rules
        self.related = related
    }

    /// The record as the API writes it (every custom field under `custom_fields` when the object has them).
    func json(_ record: ShapedRecord) -> [String: Any] {
        var extra: [String: Any] = [:]
        if let fields { extra["custom_fields"] = fields.customValues(record["custom_fields"].object ?? [:]) }
        return shape.render(record, formats: formats, extra: extra)
    }

    /// Whether the list shows the record (not deleted, not hidden).
    func listed(_ record: ShapedRecord) -> Bool {
        if shape.collection?.isDeleted(record) == true { return false }
        if let hidden = settings.hidden, hidden.allSatisfy({ record[$0.key] == $0.value }) { return false }
        return true
    }

    func id(_ raw: String?) throws(FakeError) -> ID {
        guard let raw, let id = parseID(raw) else { throw .named(settings.notFound) }
        return id
    }

    func get(_ raw: String?) async throws(FakeError) -> [String: Any] {
        let id = try id(raw)
        guard let record = await store.record(id), shape.collection?.isDeleted(record) != true else { throw .named(settings.notFound) }
        return json(record)
    }

    /// The checked body: the shape's checks (first failure answered), custom fields by their definitions.
    func input(_ body: [String: Any], creating: Bool) throws(FakeError) -> (values: [String: RecordValue], custom: [String: RecordValue]) {
        let check = ShapeCheck(body, shape: shape, formats: formats, creating: creating)
        if let message = check.firstMessage { throw .badRequest(message) }
        var values = check.values
        var custom: [String: RecordValue] = [:]
        if let fields, let written = values.removeValue(forKey: "custom_fields")?.object {
            custom = try fields.checkedCustomValues(written, checks: checks, unknown: "Validation failed: custom_fields: unknown custom field key '{key}'")
        }
        return (values, custom)
    }

    func create(_ body: [String: Any]) async throws(FakeError) -> [String: Any] {
        let (values, custom) = try input(body, creating: true)
        let now = FakeClock.nowSeconds()
        let (rules, newID, shape) = (self.rules, self.newID, self.shape)
        let idField = shape.collection?.id ?? "id", order = shape.collection?.orders.first ?? "id"
        let record = try await store.create(after: order) { (_, last) throws(FakeError) in
            var record = ShapedRecord(shape: shape, [idField: newID(last), "add_time": .int(now), "update_time": .int(now)])
            record.apply(values)
            Self.merge(custom, into: &record)
            try rules(&record, values, true, now)
            return record
        }
        return json(record)
    }

    func update(_ raw: String?, _ body: [String: Any]) async throws(FakeError) -> [String: Any] {
        let id = try id(raw)
        let (values, custom) = try input(body, creating: false)
        let now = FakeClock.nowSeconds(), rules = self.rules
        let (_, record) = try await store.update(id, now: Int64(now), or: .named(settings.notFound)) { (record) throws(FakeError) in
            record.apply(values)
            Self.merge(custom, into: &record)
            try rules(&record, values, false, now)
        }
        return json(record)
    }

    func delete(_ raw: String?) async throws(FakeError) -> Any {
        let id = try id(raw)
        let old = try await store.delete(id, now: Int64(FakeClock.nowSeconds()), or: .named(settings.notFound))
        return settings.deleteAnswer == "true" ? true : ["id": old[shape.collection?.id ?? "id"].foundation]
    }

    static func merge(_ custom: [String: RecordValue], into record: inout ShapedRecord) {
        guard !custom.isEmpty else { return }
        var stored = record["custom_fields"].object ?? [:]
        for (key, value) in custom { stored[key] = value.isNull ? nil : value }
        record["custom_fields"] = .object(stored)
    }

    /// `GET` of an API v1 list: `start`/`limit` over `offset.order`, `additional_data.pagination`
    /// with `next_start` when more follow.
    func offsetList(_ request: Request, failure: @escaping (QueryProblem) -> FakeError) async throws(FakeError) -> ([[String: Any]], [String: Any]) {
        guard let offset = settings.offset else { throw .named("notFound") }
        let params = QueryReader(request, failure: failure)
        let start = try params.int("start", in: 0...Int.max, default: 0)
        let limit = min(try params.int("limit", in: 1...Int.max, default: offset.limit.default), offset.limit.max)
        let filter = try offset.filters.read(params)
        let scan = await store.page(offset.order, afterKey: nil, id: nil, descending: false, limit: limit, skipOnFirst: start) { [self] in
            listed($0) && filter($0)
        }
        var pagination: [String: Any] = ["start": start, "limit": limit, "more_items_in_collection": scan.hasMore]
        if scan.hasMore { pagination["next_start"] = start + scan.items.count }
        return (scan.items.map(json), ["pagination": pagination])
    }

    /// Adds list (v1), get, create, update and delete under `settings.path`.
    func addRoutes(to router: Router<BasicRequestContext>, _ guarded: RouteGuard, v1Failure: @escaping @Sendable (QueryProblem) -> FakeError,
                   list: Bool = true) {
        let path = settings.path
        if list, settings.offset != nil {
            router.on(.get, RouterPath(path), guarded) { request, _ in
                let (items, more) = try await self.offsetList(request, failure: v1Failure)
                return PipedriveAnswer.ok(items, more: more)
            }
        }
        router.on(.get, RouterPath("\(path)/:id"), guarded) { _, context in PipedriveAnswer.ok(try await self.get(context.parameters.get("id"))) }
        router.on(.post, RouterPath(path), guarded) { request, _ in
            let created = try await self.create(try await PipedriveAnswer.body(request))
            return PipedriveAnswer.ok(created, status: .init(code: self.settings.createStatus ?? 200))
        }
        let update: HTTPRequest.Method = settings.update == "PUT" ? .put : .patch
        router.on(update, RouterPath("\(path)/:id"), guarded) { request, context in
            PipedriveAnswer.ok(try await self.update(context.parameters.get("id"), try await PipedriveAnswer.body(request)))
        }
        router.on(.delete, RouterPath("\(path)/:id"), guarded) { _, context in PipedriveAnswer.ok(try await self.delete(context.parameters.get("id"))) }
    }
}

extension PipedriveObject where ID == Int {
    /// `GET` of an API v2 list: `KeysetListQuery` (limit, filters, sort) and a `cursor` of that sort.
    func keysetList(_ request: Request, failure: @escaping (QueryProblem) -> FakeError) async throws -> Response {
        guard let list = settings.list else { throw FakeError.named("notFound") }
        let params = QueryReader(request, failure: failure)
        var query = try list.read(params)
        if let raw = params.string("cursor") {
            guard let cursor = KeysetCursor.decode(raw, sortBy: query.sortBy, direction: query.direction) else {
                throw FakeError.badRequest("Validation failed: cursor: invalid cursor")
            }
            query.cursor = cursor
        }
        let filter = query.matches
        let related = try await related?(params)
        query.matches = { [self] in listed($0) && filter($0) && related?($0) != false }
        let (page, next) = await store.list(query)
        return PipedriveAnswer.ok(page.map(json), more: ["next_cursor": FakeJSON.nullable(next)])
    }

    func addV2Routes(to router: Router<BasicRequestContext>, _ guarded: RouteGuard, failure: @escaping @Sendable (QueryProblem) -> FakeError) {
        router.on(.get, RouterPath(settings.path), guarded) { request, _ in try await self.keysetList(request, failure: failure) }
        addRoutes(to: router, guarded, v1Failure: failure, list: false)
    }
}

/// Pipedrive's success envelope and request bodies.
enum PipedriveAnswer {
    /// `{"success": true, "data": ..., "additional_data": ...}`.
    static func ok(_ data: Any, more: [String: Any]? = nil, status: HTTPResponse.Status = .ok) -> Response {
        var body: [String: Any] = ["success": true, "data": data]
        if let more { body["additional_data"] = more }
        return FakeJSON.response(status, body)
    }

    /// A write's body: a JSON object, or 400.
    static func body(_ request: Request) async throws -> [String: Any] {
        guard let body = try await FakeJSON.object(from: request) else {
            throw FakeError.badRequest("Validation failed: request body must be a JSON object")
        }
        return body
    }
}
