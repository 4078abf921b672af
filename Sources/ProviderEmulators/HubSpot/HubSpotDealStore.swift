import FakeProviderKit
import Foundation

/// The emulator's deals (archived ones too) in id order; HubSpot's rules for writing them.
public actor HubSpotDealStore {
    private var deals: RecordTable<Int64, HubSpotDeal>
    private var nextID: Int64
    private var lastTimestamp: Int64 = 0
    private let properties: HubSpotDealProperties

    init(seedCount: Int, catalog: HubSpotCatalog) throws {
        properties = catalog.properties
        let seeded = try HubSpotSeed.deals(count: seedCount, catalog: catalog)
        deals = RecordTable(seeded, id: \.id, orders: ["id": \.id])
        nextID = (seeded.last?.id ?? catalog.account.firstDealId - 7) + 7
    }

    /// Every stored deal, archived ones included.
    public var count: Int { deals.count }

    /// Deals that are not archived.
    public var liveCount: Int { deals.count { !$0.archived } }

    /// The stored deal (archived ones too).
    public func deal(id: Int64) -> HubSpotDeal? { deals[id] }

    /// Up to `limit` deals with `archived == archived` and id >= `after`, and the id of the next
    /// such deal (HubSpot's `paging.next.after`: "the Record ID of the next record").
    func page(after: Int64?, limit: Int, archived: Bool) -> (deals: [HubSpotDeal], next: Int64?) {
        let scan = deals.page("id", from: after.map(PageStart.fromKey) ?? .first, limit: limit + 1) { $0.archived == archived }
        guard scan.items.count > limit else { return (scan.items, nil) }
        return (Array(scan.items.prefix(limit)), scan.items[limit].id)
    }

    /// Creates a deal from validated values.
    func create(values: [String: String?], associated: [String: [String]]) -> HubSpotDeal {
        let now = tick()
        let id = nextID
        nextID += Int64(1 + deals.count % 3)
        var props: [String: String] = [:]
        for (name, value) in values { if let value { props[name] = value } }
        props["hs_object_id"] = String(id)
        if props["createdate"] == nil { props["createdate"] = HubSpotTime.iso(now) }
        props["hs_lastmodifieddate"] = HubSpotTime.iso(now)
        let deal = HubSpotDeal(id: id, properties: props, createdAt: now, updatedAt: now, archived: false,
                               archivedAt: nil, associated: associated)
        deals.insert(deal)
        return deal
    }

    /// Validates and applies an update to a live deal; the deal before and after. Throws a 404
    /// `FakeError` or `HubSpotPropertyFailures`.
    func update(id: Int64, input: [(String, String?)]) throws -> (old: HubSpotDeal, new: HubSpotDeal) {
        guard let deal = deals[id], !deal.archived else { throw HubSpotErrors.objectNotFound(id: String(id)) }
        let values = try properties.validate(input, existing: deal.properties).get()
        let now = tick()
        return (deal, deals.update(id) { deal in
            for (name, value) in values { deal.properties[name] = value }
            deal.updatedAt = now
            deal.properties["hs_lastmodifieddate"] = HubSpotTime.iso(now)
        }!)
    }

    /// Archives a deal (moves it to the recycling bin); the archived deal, nil when there is no
    /// live deal with that id.
    @discardableResult
    func archive(id: Int64) -> HubSpotDeal? {
        guard let deal = deals[id], !deal.archived else { return nil }
        let now = tick()
        return deals.update(id) { deal in
            deal.archived = true
            deal.archivedAt = now
            deal.updatedAt = now
        }
    }

    /// Current time in ms, strictly increasing so every write moves `updatedAt` forward.
    private func tick() -> Int64 {
        let now = max(FakeClock.nowMilliseconds(), lastTimestamp + 1)
        lastTimestamp = now
        return now
    }
}
