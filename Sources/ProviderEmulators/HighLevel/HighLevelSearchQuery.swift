import FakeProviderKit

/// The query of `GET /opportunities/search` (`search.json`); problems are one 422 (class-validator style).
typealias HighLevelSearchQuery = PagedSearchQuery

extension PagedSearchQuery {
    static func parse(_ parameters: [(String, String)], table: Table) throws -> PagedSearchQuery {
        try PagedSearchQuery(parameters, table: table, invalid: HighLevelErrors.unprocessable)
    }
}

/// One page of search results with their contacts; `scanned` counts the records looked at (the cursor is found by binary search).
struct HighLevelSearchPage: Sendable {
    var opportunities: [(HighLevelOpportunity, HighLevelContact?)]
    var total: Int
    var hasMore: Bool
    var scanned: Int
}
