import FakeProviderKit

/// The seeded sub-account's facts (`account.json`).
public struct HighLevelAccount: Sendable, Decodable {
    /// Users opportunities are assigned to.
    public let userIds: [String]
    /// The location owning the few records the emulator's token may not touch.
    public let foreignLocation: ForeignLocation

    public struct ForeignLocation: Sendable, Decodable {
        public let id: String
        /// The seed of its run of the `opportunities` table (hex).
        let seed: String
        let count: Int
    }
}

/// The seeded contacts and opportunities: `seed-recipe.json`'s tables.
enum HighLevelSeed {
    /// The pool of contacts for a seed of `seedCount` opportunities.
    static func contacts(seedCount: Int, catalog: HighLevelCatalog) throws -> [HighLevelContact] {
        try catalog.seed.decode(HighLevelContact.self, "contacts", count: seedCount)
    }

    /// `count` opportunities of `locationId`, sorted by creation (ties in no particular id order).
    static func opportunities(locationId: String, count: Int, contacts: [HighLevelContact], catalog: HighLevelCatalog,
                              seed: UInt64? = nil) throws -> [HighLevelOpportunity] {
        let pool = RecordValue.array(contacts.map { .object(["id": .string($0.id), "companyName": .string($0.companyName)]) })
        return try catalog.seed.records("opportunities", count: max(0, count), inputs: ["contacts": pool, "locationId": .string(locationId)],
                                        seed: seed).map { HighLevelOpportunity(shape: catalog.opportunity.shape, $0) }
    }

    /// The other location's opportunity ids, sorted.
    static func foreignIds(contacts: [HighLevelContact], catalog: HighLevelCatalog) throws -> [String] {
        let foreign = catalog.account.foreignLocation
        return try opportunities(locationId: foreign.id, count: foreign.count, contacts: contacts, catalog: catalog,
                                 seed: SeedRecipe.seed(hex: foreign.seed)).compactMap { $0.string("id") }.sorted()
    }
}
