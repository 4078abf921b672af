import FakeProviderKit
import Foundation

/// A stored deal (`records.json`, shape `deal`): `id`, `properties` (text values, never empty: clearing removes
/// the key; the system ones `hs_object_id`, `createdate`, `hs_lastmodifieddate` included), epoch-millisecond
/// times, `archived`, and `associated` ids by object type.
public typealias HubSpotDeal = ShapedRecord

/// The deals in id order, archived ones too (archiving only flags a deal). Every write moves `updatedAt` forward.
public typealias HubSpotDealStore = RecordStore<Int>

/// A HubSpot deal's stored property values and associated record ids by object type (`companies`, `contacts`).
extension ShapedRecord {
    var propertyValues: [String: String] { self["properties"].object?.compactMapValues(\.string) ?? [:] }
    var associatedIDs: [String: [String]] { self["associated"].object?.compactMapValues { $0.array?.compactMap(\.string) } ?? [:] }
}

/// Which properties a deal's JSON carries: the defaults (no `properties` parameter), the named ones
/// (unknown names dropped) plus those always returned, or every stored one (create answer).
enum HubSpotSelection { case defaults, named([String]), stored }

extension HubSpotCatalog {
    /// The `SimplePublicObject(WithAssociations)` JSON of `deal`, with the associations of `kinds`.
    func json(_ deal: HubSpotDeal, _ selection: HubSpotSelection, associations kinds: [String] = []) -> [String: Any] {
        let stored = deal.propertyValues, contacts = deal.associatedIDs["contacts"]?.count ?? 0
        let names: [String]? = switch selection {
        case .defaults: properties.returned.default
        case .named(let names): names + properties.returned.always
        case .stored: nil
        }
        let selected = names.map { names in
            Dictionary(names.map { ($0, stored[$0] ?? properties.calculated($0, stored: stored, contactCount: contacts) as Any? ?? NSNull()) }) { a, _ in a }
        }
        var object = dealShape.render(deal, formats: dealFormats, extra: ["properties": selected ?? stored])
        let members = associations.json(deal.associatedIDs, kinds: kinds)
        object["associated"] = nil
        if !members.isEmpty { object["associations"] = members }
        return object
    }

    /// The seeded deals: `seed-recipe.json`'s `deals` table.
    func seededDeals(count: Int) throws -> [HubSpotDeal] {
        try seed.records("deals", count: max(0, count)).map { HubSpotDeal(shape: dealShape, $0) }
    }

    /// Up to `limit` deals with `archived == archived` and id >= `after`, and the id of the next such deal
    /// (HubSpot's `paging.next.after`: "the Record ID of the next record").
    func page(_ store: HubSpotDealStore, after: Int?, limit: Int, archived: Bool) async -> (deals: [HubSpotDeal], next: Int?) {
        let scan = await store.page("id", from: after.map { .fromKey(Int64($0)) } ?? .first, limit: limit + 1) { $0.bool("archived") == archived }
        return scan.items.count > limit ? (Array(scan.items.prefix(limit)), scan.items[limit].int("id")) : (scan.items, nil)
    }

    /// Creates a deal from validated values; ids grow from the highest by small gaps, as HubSpot's do.
    func create(values: [String: String?], associated: [String: [String]], in store: HubSpotDealStore) async -> HubSpotDeal {
        await store.create(after: "id") { [dealShape] count, last in
            let id = (last?.int("id") ?? account.firstDealId - 7) + 1 + count % 3, now = Int(FakeClock.nowMilliseconds())
            var props = values.compactMapValues { $0 }
            props["createdate"] = props["createdate"] ?? HubSpotTime.iso(Int64(now))
            (props["hs_object_id"], props["hs_lastmodifieddate"]) = (String(id), HubSpotTime.iso(Int64(now)))
            return HubSpotDeal(shape: dealShape, ["id": .int(id), "createdAt": .int(now), "updatedAt": .int(now),
                                                  "properties": .object(props.mapValues(RecordValue.string)),
                                                  "associated": .object(associated.mapValues { .array($0.map(RecordValue.string)) })])
        }
    }

    /// Validates and applies an update to a live deal (its time strictly after the deal's last); the deal before
    /// and after. Throws a 404 `FakeError` or `HubSpotPropertyFailures`.
    func update(_ id: Int, input: [(key: String, value: RecordValue)], in store: HubSpotDealStore) async throws
        -> (old: HubSpotDeal, new: HubSpotDeal) {
        let clock = FakeClock.nowMilliseconds()
        let changed = try await store.update(id, now: clock) { [properties] (deal: inout HubSpotDeal) throws(HubSpotPropertyFailures) in
            var props = deal.propertyValues
            for (name, value) in try properties.validate(input, existing: props).get() { props[name] = value }
            let now = max(clock, (deal.int64("updatedAt") ?? 0) + 1)
            props["hs_lastmodifieddate"] = HubSpotTime.iso(now)
            (deal["properties"], deal["updatedAt"]) = (.object(props.mapValues(RecordValue.string)), .int64(now))
        }
        guard let changed else { throw HubSpotErrors.objectNotFound(id: String(id)) }
        return changed
    }
}
