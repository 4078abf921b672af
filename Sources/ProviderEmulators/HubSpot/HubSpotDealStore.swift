import FakeProviderKit
import Foundation

/// The emulator's deals, kept sorted by id so a page is a binary search plus a short scan.
public actor HubSpotDealStore {
    /// All deals (archived ones too), ids ascending.
    private var deals: [HubSpotDeal]
    private var positions: [Int64: Int]
    private var nextID: Int64
    private var lastTimestamp: Int64 = 0

    private let properties: HubSpotDealProperties

    init(seedCount: Int, catalog: HubSpotCatalog) {
        properties = catalog.properties
        let seeded = HubSpotSeed.deals(count: max(0, seedCount), pipelines: catalog.pipelines)
        deals = seeded
        var positions: [Int64: Int] = [:]
        positions.reserveCapacity(seeded.count)
        for (index, deal) in seeded.enumerated() { positions[deal.id] = index }
        self.positions = positions
        nextID = (seeded.last?.id ?? HubSpotSeed.firstDealID - 7) + 7
    }

    /// Every stored deal, archived ones included.
    public var count: Int { deals.count }

    /// Deals that are not archived.
    public var liveCount: Int { deals.reduce(0) { $0 + ($1.archived ? 0 : 1) } }

    /// The stored deal (archived ones too).
    public func deal(id: Int64) -> HubSpotDeal? {
        positions[id].map { deals[$0] }
    }

    /// Up to `limit` deals with `archived == archived` and id >= `after`, and the id of the next
    /// such deal (HubSpot's `paging.next.after`: "the Record ID of the next record").
    func page(after: Int64?, limit: Int, archived: Bool) -> (deals: [HubSpotDeal], next: Int64?) {
        var index = after.map(firstIndex(atLeast:)) ?? 0
        var page: [HubSpotDeal] = []
        page.reserveCapacity(limit)
        while index < deals.count {
            let deal = deals[index]
            index += 1
            guard deal.archived == archived else { continue }
            if page.count == limit { return (page, deal.id) }
            page.append(deal)
        }
        return (page, nil)
    }

    /// Creates a deal from validated values.
    func create(values: [String: String?], companyIDs: [String], contactIDs: [String]) -> HubSpotDeal {
        let now = tick()
        let id = nextID
        nextID += Int64(1 + deals.count % 3)
        var props: [String: String] = [:]
        for (name, value) in values { if let value { props[name] = value } }
        props["hs_object_id"] = String(id)
        if props["createdate"] == nil { props["createdate"] = HubSpotTime.iso(now) }
        props["hs_lastmodifieddate"] = HubSpotTime.iso(now)
        let deal = HubSpotDeal(id: id, properties: props, createdAt: now, updatedAt: now, archived: false,
                               archivedAt: nil, companyIDs: companyIDs, contactIDs: contactIDs)
        positions[id] = deals.count
        deals.append(deal)
        return deal
    }

    /// Validates and applies an update to a live deal. Throws `HubSpotAPIError` (404) or
    /// `HubSpotPropertyFailures`.
    func update(id: Int64, input: [(String, String?)]) throws -> HubSpotDeal {
        guard let index = positions[id], !deals[index].archived else {
            throw HubSpotAPIError.objectNotFound(id: String(id))
        }
        let values: [String: String?]
        switch properties.validate(input, existing: deals[index].properties) {
        case .success(let ok): values = ok
        case .failure(let failures): throw failures
        }
        let now = tick()
        var deal = deals[index]
        for (name, value) in values {
            if let value { deal.properties[name] = value } else { deal.properties.removeValue(forKey: name) }
        }
        deal.updatedAt = now
        deal.properties["hs_lastmodifieddate"] = HubSpotTime.iso(now)
        deals[index] = deal
        return deal
    }

    /// Archives a deal (moves it to the recycling bin). False when there is no live deal with that id.
    @discardableResult
    func archive(id: Int64) -> Bool {
        guard let index = positions[id], !deals[index].archived else { return false }
        let now = tick()
        deals[index].archived = true
        deals[index].archivedAt = now
        deals[index].updatedAt = now
        return true
    }

    /// Current time in ms, strictly increasing so every write moves `updatedAt` forward.
    private func tick() -> Int64 {
        let now = max(HubSpotTime.nowMillis(), lastTimestamp + 1)
        lastTimestamp = now
        return now
    }

    private func firstIndex(atLeast id: Int64) -> Int {
        var low = 0
        var high = deals.count
        while low < high {
            let mid = (low + high) / 2
            if deals[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
