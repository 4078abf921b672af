import FakeProviderKit
import Foundation

/// One kind of record the emulator stores for its location by id (`objects.json`): contacts,
/// businesses, notes, tasks, calendar events. Writes are checked against the shape (one 422 listing
/// every problem, class-validator style); an unknown id is the spec's 400 (`answers.json`, `missing`).
public struct HighLevelObjects: Sendable {
    public let shape: RecordShape
    let formats: ShapeFormats
    public let store: RecordStore<String>
    let missing: String

    init(_ shape: RecordShape, _ records: [[String: RecordValue]], missing: String, idSeed: UInt64) throws {
        (self.shape, formats, self.missing) = (shape, ShapeFormats(shape: shape), missing)
        store = try RecordStore(records.map { ShapedRecord(shape: shape, $0) }, shape: shape, foreignIDs: [String](),
                                forbidden: .named("locationForbidden"), missing: .named(missing), idSeed: idSeed)
    }

    func notFound(_ id: String) -> FakeError { .named(missing, ["id": .string(id)]) }

    func json(_ record: ShapedRecord, extra: [String: Any] = [:]) -> [String: Any] { shape.render(record, formats: formats, extra: extra) }

    func get(_ id: String) async throws -> ShapedRecord {
        guard let record = await store.record(id) else { throw notFound(id) }
        return record
    }

    /// The body's values, or a 422 with every message. A create-only member in an update body is not a member of the
    /// update DTO (`locationId`, `contactId`, ...), so the whitelist refuses it as it refuses unknown ones.
    func check(_ body: [String: Any], creating: Bool) throws -> [String: RecordValue] {
        let check = ShapeCheck(body, shape: shape, formats: formats, creating: creating)
        let createOnly = creating ? [] : shape.fields.filter { $0.write == .create && body[$0.name] != nil }.map { "property \($0.name) should not exist" }
        if !check.violations.isEmpty || !createOnly.isEmpty { throw HighLevelErrors.unprocessable(createOnly + check.allMessages) }
        return check.values
    }

    func create(_ values: [String: RecordValue], now: Int64) async -> ShapedRecord {
        let shape = shape
        return await store.create(freshID: { $0.alphanumericID() }) { id in
            var record = ShapedRecord(shape: shape, values.merging(["id": .string(id)]) { $1 })
            shape.collection?.stampCreated(&record, now: now)
            return record
        }
    }

    func update(_ id: String, now: Int64, _ change: @escaping @Sendable (inout ShapedRecord) -> Void) async throws -> ShapedRecord {
        guard let changed = await store.update(id, now: now, change) else { throw notFound(id) }
        return changed.new
    }

    func delete(_ id: String, now: Int64) async throws {
        guard await store.delete(id, now: now) != nil else { throw notFound(id) }
    }

    /// Every record matching, in `order` (the shape's first order).
    func all(_ matches: @escaping @Sendable (ShapedRecord) -> Bool) async -> [ShapedRecord] {
        await store.page(shape.collection?.orders.first ?? "id", limit: Int.max, matches: matches).items
    }
}

/// The location's contacts, businesses, users, notes, tasks and calendar events, seeded so they link
/// both ways: the contacts are the opportunities' pool (and the named ones), their `businessId` the
/// business of their company, notes, tasks and events are on those contacts, assigned to the users.
public struct HighLevelLocationData: Sendable {
    public let contacts: HighLevelObjects
    public let businesses: HighLevelObjects
    public let notes: HighLevelObjects
    public let tasks: HighLevelObjects
    public let events: HighLevelObjects
    let taskCompletion: RecordShape
    /// `GET /users/` as stored (`users.json`).
    let users: FixtureList

    init(fixtures: ProviderFixtures, catalog: HighLevelCatalog, pool: [HighLevelContact], locationId: String) throws {
        let seed = try SeedRecipe(fixtures: fixtures)
        let location = RecordValue.string(locationId)
        let shape = { (name: String) throws -> RecordShape in try fixtures.shape(name, file: "objects.json") }
        let businessRecords = try seed.records("businesses", count: 0, inputs: ["locationId": location])
        businesses = try HighLevelObjects(try shape("business"), businessRecords, missing: "businessNotFound", idSeed: 0xB051)
        let named = try fixtures.list("contacts.json", member: "contacts").items.compactMap { RecordValue(foundation: $0)?.object }
            .map { $0.merging(["locationId": location]) { $1 } }
        let poolValues = RecordValue.array(pool.map { .object($0.values) })
        let seeded = try seed.records("contactRecords", count: 0, inputs: [
            "pool": poolValues, "locationId": location,
            "businesses": .array(businessRecords.map { .object(["id": $0["id"] ?? .null, "name": $0["name"] ?? .null]) }),
        ])
        contacts = try HighLevelObjects(try shape("contact"), seeded + named, missing: "contactIdNotFound", idSeed: 0xC0A7)
        let contactIds = RecordValue.array((named + seeded).map { $0["id"] ?? .null })
        let linked: [String: RecordValue] = ["contactIds": contactIds, "locationId": location]
        notes = try HighLevelObjects(try shape("note"), try seed.records("notes", count: 0, inputs: linked), missing: "noteNotFound", idSeed: 0x0B0E)
        tasks = try HighLevelObjects(try shape("task"), try seed.records("tasks", count: 0, inputs: linked), missing: "taskNotFound", idSeed: 0x7A5C)
        events = try HighLevelObjects(try shape("event"), try seed.records("events", count: 0, inputs: linked), missing: "eventNotFound", idSeed: 0xE7E7)
        taskCompletion = try shape("taskCompletion")
        users = try fixtures.list("users.json", member: "users")
    }

    /// The location's users (`users.json`), `roles.locationIds` set to the location.
    func users(locationId: String) -> [[String: Any]] {
        users.items.map { user in
            var user = user
            var roles = user["roles"] as? [String: Any] ?? [:]
            roles["locationIds"] = [locationId]
            user["roles"] = roles
            return user
        }
    }
}
