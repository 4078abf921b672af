import FakeProviderKit

/// The seeded deals: `seed-recipe.json`'s `deals` table (users from `account.json`), as stored deals.
enum PipedriveSeed {
    static func deals(count: Int, catalog: PipedriveCatalog) throws -> [PipedriveDeal] {
        try catalog.seed.records("deals", count: max(0, count)).map { PipedriveDeal(shape: catalog.deal.shape, $0) }
    }
}
