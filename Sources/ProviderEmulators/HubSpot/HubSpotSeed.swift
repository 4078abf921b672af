import FakeProviderKit

/// The seeded account's facts (`account.json`).
public struct HubSpotAccount: Sendable, Decodable {
    /// `hubspot_owner_id` values a deal may carry.
    public let ownerIds: [String]
    /// The first seeded deal id.
    public let firstDealId: Int64
}

/// The seeded deals: `seed-recipe.json`'s `deals` table, as `HubSpotDeal`s.
enum HubSpotSeed {
    static func deals(count: Int, catalog: HubSpotCatalog) throws -> [HubSpotDeal] {
        try catalog.seed.records("deals", count: max(0, count)).map { record in
            let associated = catalog.associations.kinds.mapValues { kind in record[kind.seed]?.array?.compactMap(\.string) ?? [] }
            return HubSpotDeal(id: record["id"]?.int64 ?? 0, properties: (record["properties"]?.object ?? [:]).compactMapValues(\.string),
                               createdAt: record["createdAt"]?.int64 ?? 0, updatedAt: record["updatedAt"]?.int64 ?? 0,
                               archived: false, archivedAt: nil, associated: associated.filter { !$0.value.isEmpty })
        }
    }
}
