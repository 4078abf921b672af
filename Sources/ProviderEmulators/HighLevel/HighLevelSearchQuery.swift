import FakeProviderKit
import Foundation

/// The query of `GET /opportunities/search`, as `search.json` lists it: `location_id` (required), `q`, the member
/// filters, `status`, `order`, `limit`, `page`, the `startAfter`/`startAfterId` cursor and the `date`/`endDate` range.
struct HighLevelSearchQuery: Sendable {
    /// The parameters, their defaults and their wording (`search.json`).
    struct Table: Sendable, Decodable {
        struct Required: Sendable, Decodable { let param: String; let missing: [String] }
        struct Status: Sendable, Decodable { let param, member, any: String; let allowed: [String] }
        struct Cursor: Sendable, Decodable { let after, afterId: String }
        struct Created: Sendable, Decodable { let member, from, to: String; let format: TimeText }
        let location: Required, text: String, filters: FilterParameters, status: Status
        let order: KeysetListQuery.Direction, limit: KeysetListQuery.Limit, page: KeysetListQuery.Limit, cursor: Cursor, created: Created
        let wording: QueryProblemTexts
    }

    var locationId = ""
    /// Lowercased free text, matched against the name and the contact.
    var text: String?
    /// The member filters: the `filters` parameters, `status` (nil or `all`: any) and `date`/`endDate` on `createdAt`.
    var filter = RecordFilter()
    /// `added_desc` (default, newest first) or `added_asc`.
    var descending = true
    /// Cursor: epoch milliseconds of the last record of the previous page.
    var startAfter: Int64?
    /// Cursor: id of the last record of the previous page; breaks ties between records sharing `startAfter`.
    var startAfterId: String?
    var page = 1
    var limit = 20
    /// Every raw parameter the client sent, in order, for `meta.nextPageUrl`.
    var rawParameters: [(String, String)] = []

    var hasFilters: Bool { !filter.isEmpty || text != nil }

    func matches(_ opportunity: HighLevelOpportunity, contact: HighLevelContact?) -> Bool {
        guard filter.matches(opportunity) else { return false }
        guard let text else { return true }
        return opportunity.string("name")?.lowercased().contains(text) == true || contact?.matches(lowercased: text) == true
    }

    /// Parses and validates against `table`; violations are reported together in a 422 (class-validator style).
    static func parse(_ parameters: [(String, String)], table: Table) throws -> HighLevelSearchQuery {
        var query = HighLevelSearchQuery()
        query.rawParameters = parameters
        var log = QueryProblemLog(pairs: parameters, texts: table.wording)
        let params = log.query
        if let location = params.string(table.location.param) { query.locationId = location } else { log.add(table.location.missing) }

        query.text = params.string(table.text)?.lowercased()
        query.filter = table.filters.filter(params)
        let status = table.status
        if let wanted = try log.read({ try $0.oneOf(status.param, status.allowed) }), wanted != status.any { query.filter.equals[status.member] = wanted }
        let order = table.order
        query.descending = (try log.read { try $0.oneOf(order.param, [order.ascending, order.descending]) } ?? order.default) == order.descending
        query.limit = try log.read { try $0.wholeNumber(table.limit.param, in: 1...table.limit.max) } ?? table.limit.default
        query.page = try log.read { try $0.wholeNumber(table.page.param, in: 1...table.page.max) } ?? table.page.default
        query.startAfter = try log.read { try $0.value(table.cursor.after) { Int64($0) } }
        query.startAfterId = params.string(table.cursor.afterId)
        let created = table.created
        let from = try log.read { try $0.value(created.from, created.format.parse) }
        // The end date is inclusive: the range ends at the next midnight.
        let to = try log.read { try $0.value(created.to, created.format.parse) }.map { $0 + 86_400_000 }
        query.filter.ranges = RecordFilter(ranges: [.init(member: created.member, from: from, to: to)]).ranges
        if !log.messages.isEmpty { throw HighLevelErrors.unprocessable(log.messages) }
        return query
    }
}

/// One page of search results.
struct HighLevelSearchPage: Sendable {
    var opportunities: [(HighLevelOpportunity, HighLevelContact?)]
    var total: Int
    var hasMore: Bool
    /// Records looked at to build the page (the cursor is found by binary search).
    var scanned: Int
}
