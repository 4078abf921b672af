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
extension HighLevelCatalog {
    /// The pool of contacts for a seed of `count` opportunities.
    func seededContacts(count: Int) throws -> [HighLevelContact] { try seed.decode(HighLevelContact.self, "contacts", count: count) }

    /// `count` opportunities of `locationId`, sorted by creation (ties in no particular id order).
    func seededOpportunities(locationId: String, count: Int, contacts: [HighLevelContact], seed run: UInt64? = nil) throws -> [HighLevelOpportunity] {
        let pool = RecordValue.array(contacts.map { .object(["id": .string($0.id), "companyName": .string($0.companyName)]) })
        return try seed.records("opportunities", count: max(0, count), inputs: ["contacts": pool, "locationId": .string(locationId)],
                                seed: run).map { HighLevelOpportunity(shape: opportunity.shape, $0) }
    }
}
