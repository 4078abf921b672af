import FakeProviderKit

/// The query of `GET /opportunities/search` (`search.json`); its problems answer as one 422.
typealias HighLevelSearchQuery = PagedSearchQuery
typealias HighLevelSearchPage = PagedSearchPage

extension PagedSearchQuery {
    static func parse(_ parameters: [(String, String)], table: Table) throws -> PagedSearchQuery {
        try PagedSearchQuery(parameters, table: table, invalid: HighLevelErrors.unprocessable)
    }
}

extension PagedSearchPage { var opportunities: [(HighLevelOpportunity, HighLevelContact?)] { items } }

extension RecordStore where ID == String {
    /// Walks `(createdAt, id)`: a cursor without an id passes every record at that millisecond; one without a time uses the record's.
    func search(_ query: HighLevelSearchQuery, contacts: HighLevelContacts) -> HighLevelSearchPage {
        search(query, order: "createdAt") { contacts.contact(of: $0) }
    }
}
