import FakeProviderKit
import Foundation

/// The emulator's deals (a kit `RecordStore`, archived ones too) in id order; archiving only
/// flags a deal (`records.json`). Every write moves a deal's `updatedAt` (and
/// `hs_lastmodifieddate`) forward.
public typealias HubSpotDealStore = RecordStore<Int>

extension HubSpotCatalog {
    /// The seeded deals: `seed-recipe.json`'s `deals` table.
    func seededDeals(count: Int) throws -> [HubSpotDeal] {
        try seed.records("deals", count: max(0, count)).map { HubSpotDeal(shape: dealShape, $0) }
    }

    /// Up to `limit` deals with `archived == archived` and id >= `after`, and the id of the next
    /// such deal (HubSpot's `paging.next.after`: "the Record ID of the next record").
    func page(_ store: HubSpotDealStore, after: Int?, limit: Int, archived: Bool) async -> (deals: [HubSpotDeal], next: Int?) {
        let scan = await store.page("id", from: after.map { .fromKey(Int64($0)) } ?? .first, limit: limit + 1) { $0.bool("archived") == archived }
        guard scan.items.count > limit else { return (scan.items, nil) }
        return (Array(scan.items.prefix(limit)), scan.items[limit].int("id"))
    }

    /// Creates a deal from validated values; ids grow from the highest by small gaps, as HubSpot's do.
    func create(values: [String: String?], associated: [String: [String]], in store: HubSpotDealStore) async -> HubSpotDeal {
        await store.create(after: "id") { [dealShape] count, last in
            let id = (last?.int("id") ?? account.firstDealId - 7) + 1 + count % 3, now = Int(FakeClock.nowMilliseconds())
            var props = values.compactMapValues { $0 }
            props["hs_object_id"] = String(id)
            props["createdate"] = props["createdate"] ?? HubSpotTime.iso(Int64(now))
            props["hs_lastmodifieddate"] = HubSpotTime.iso(Int64(now))
            return HubSpotDeal(shape: dealShape, ["id": .int(id), "createdAt": .int(now), "updatedAt": .int(now),
                                                  "properties": .object(props.mapValues(RecordValue.string)),
                                                  "associated": .object(associated.mapValues { .array($0.map(RecordValue.string)) })])
        }
    }

    /// Validates and applies an update to a live deal; the deal before and after. Throws a 404
    /// `FakeError` or `HubSpotPropertyFailures`.
    func update(_ id: Int, input: [(key: String, value: RecordValue)], in store: HubSpotDealStore) async throws -> (old: HubSpotDeal, new: HubSpotDeal) {
        // records.json declares no update stamps: the write's time, strictly after the deal's last, is set here.
        let clock = FakeClock.nowMilliseconds()
        let changed = try await store.update(id, now: clock) { [properties] (deal: inout HubSpotDeal) throws(HubSpotPropertyFailures) in
            var props = deal.propertyValues
            for (name, value) in try properties.validate(input, existing: props).get() { props[name] = value }
            let now = max(clock, (deal.int64("updatedAt") ?? 0) + 1)
            props["hs_lastmodifieddate"] = HubSpotTime.iso(now)
            deal["properties"] = .object(props.mapValues(RecordValue.string))
            deal["updatedAt"] = .int64(now)
        }
        guard let changed else { throw HubSpotErrors.objectNotFound(id: String(id)) }
        return changed
    }
}
