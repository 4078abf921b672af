/// A search read from its query as data: page-numbered with a `(after, afterId)` keyset cursor,
/// every bad parameter reported together (`QueryProblemLog`, class-validator style). Read in order:
/// the required tenant parameter, free text, equality filters, one-of choices, order, limit, page,
/// cursor and a time range.
///
/// ```json
/// {"tenant": {"param": "location_id", "missing": ["location_id should not be empty"]},
///  "text": {"param": "q", "members": ["name"], "linkedMembers": ["email"]},
///  "filters": {"equals": {"pipeline_id": "pipelineId"}},
///  "choices": [{"param": "status", "member": "status", "allowed": ["open", "all"], "any": "all"}],
///  "order": {"param": "order", "ascending": "added_asc", "descending": "added_desc", "default": "added_desc"},
///  "limit": {"param": "limit", "max": 100, "default": 20}, "page": {"param": "page", "max": 999, "default": 1},
///  "cursor": {"after": "startAfter", "afterId": "startAfterId"},
///  "range": {"member": "createdAt", "from": "date", "to": "endDate", "format": "month-day-year", "toOffset": 86400000},
///  "wording": {"rules": {"oneOf": "{name} must be one of the following values: {allowed}"}},
///  "answer": {"items": "{items}", "meta": {"currentPage": "{page}", "nextPage": "{nextPage}"}}}
/// ```
public struct PagedSearchQuery: Sendable {
    public struct Table: Sendable, Decodable {
        public struct Required: Sendable, Decodable { public let param: String; public let missing: [String] }
        /// Free text, found (lowercased) in any of the record's `members` or a linked record's `linkedMembers`.
        public struct Text: Sendable, Decodable { public let param: String; public let members, linkedMembers: [String] }
        /// A parameter holding one of `allowed`, the value `member` must hold; `any` filters nothing.
        public struct Choice: Sendable, Decodable { public let param, member, any: String; public let allowed: [String] }
        public struct Cursor: Sendable, Decodable { public let after, afterId: String }
        /// Times `from`...`to` on `member`; `toOffset` is added to `to` (an inclusive end day ends at the next midnight).
        public struct Range: Sendable, Decodable { public let member, from, to: String; public let format: TimeText; public let toOffset: Int64? }
        public let tenant: Required, text: Text, filters: FilterParameters, choices: [Choice]
        public let order: KeysetListQuery.Direction, limit: KeysetListQuery.Limit, page: KeysetListQuery.Limit
        public let cursor: Cursor, range: Range, wording: QueryProblemTexts
        /// The answer's layout, a `JSONTemplate` (`{}` when absent).
        public let answer: JSONFixture?

        public func answer(_ values: [String: Any]) -> Any { JSONTemplate.fill(answer?.value ?? [String: Any](), values) }
    }

    public let table: Table
    public var tenant = ""
    /// Lowercased free text.
    public var text: String?
    /// The equality filters, choices and time range.
    public var filter = RecordFilter()
    public var descending = true
    /// Cursor: the order key (epoch milliseconds) and id of the previous page's last record.
    public var startAfter: Int64?
    public var startAfterId: String?
    public var page = 1
    public var limit = 20
    /// Every parameter the client sent, in order (for next-page links).
    public var rawParameters: [(String, String)] = []

    /// Reads `parameters`; any problems are thrown together as `invalid(messages)`.
    public init(_ parameters: [(String, String)], table: Table, invalid: ([String]) -> any Error) throws {
        self.table = table
        rawParameters = parameters
        var log = QueryProblemLog(pairs: parameters, texts: table.wording)
        let params = log.query
        if let tenant = params.string(table.tenant.param) { self.tenant = tenant } else { log.add(table.tenant.missing) }
        text = params.string(table.text.param)?.lowercased()
        filter = table.filters.filter(params)
        for choice in table.choices {
            if let wanted = try log.read({ try $0.oneOf(choice.param, choice.allowed) }), wanted != choice.any { filter.equals[choice.member] = wanted }
        }
        let order = table.order
        descending = (try log.read { try $0.oneOf(order.param, [order.ascending, order.descending]) } ?? order.default) == order.descending
        limit = try log.read { try $0.wholeNumber(table.limit.param, in: 1...table.limit.max) } ?? table.limit.default
        page = try log.read { try $0.wholeNumber(table.page.param, in: 1...table.page.max) } ?? table.page.default
        startAfter = try log.read { try $0.value(table.cursor.after) { Int64($0) } }
        startAfterId = params.string(table.cursor.afterId)
        let range = table.range
        let from = try log.read { try $0.value(range.from, range.format.parse) }
        let to = try log.read { try $0.value(range.to, range.format.parse) }.map { $0 + (range.toOffset ?? 0) }
        filter.ranges = RecordFilter(ranges: [.init(member: range.member, from: from, to: to)]).ranges
        if !log.messages.isEmpty { throw invalid(log.messages) }
    }

    public var hasFilters: Bool { !filter.isEmpty || text != nil }

    /// Identifies the filters and text (a cache key for counts).
    public var filterSignature: String { filter.signature + "\u{1}" + (text ?? "") }

    public func matches(_ record: ShapedRecord, linked: ShapedRecord?) -> Bool {
        guard filter.matches(record) else { return false }
        guard let text else { return true }
        let found = { (record: ShapedRecord, members: [String]) in members.contains { record.string($0)?.lowercased().contains(text) == true } }
        return found(record, table.text.members) || linked.map { found($0, table.text.linkedMembers) } == true
    }

    /// `page`, `nextPage` (only when there is more) and `prevPage` (only after page 1), for an answer template.
    public func pageNumbers(hasMore: Bool) -> [String: Any] {
        var values: [String: Any] = ["page": page]
        if hasMore { values["nextPage"] = page + 1 }
        if page > 1 { values["prevPage"] = page - 1 }
        return values
    }

    /// An answer template's values for `page`: the page numbers, `total`, `items` (each record and its linked one
    /// rendered), `after` and `afterId` (the last record's `key` and `id` members) and, when there is more,
    /// `next`: the client's query encoded with the cursor and page moved on (`nextParameters`).
    public func answerValues(_ page: PagedSearchPage, key: String, id: String, render: (ShapedRecord, ShapedRecord?) -> Any) -> [String: Any] {
        let last = page.items.last?.0
        var values = pageNumbers(hasMore: page.hasMore)
        (values["total"], values["items"]) = (page.total, page.items.map(render))
        (values["after"], values["afterId"]) = (last?[key].foundation, last?[id].foundation)
        if page.hasMore, let last { values["next"] = QueryString.encode(nextParameters(afterKey: last.int64(key) ?? 0, id: last.string(id) ?? "")) }
        return values
    }

    /// The client's parameters with the cursor set past `(key, id)` and the page moved to the next one.
    public func nextParameters(afterKey key: Int64, id: String) -> [(String, String)] {
        QueryString.replacing(rawParameters, with: [(table.cursor.after, String(key)), (table.cursor.afterId, id), (table.page.param, String(page + 1))])
    }
}

/// One page a `PagedSearchQuery` found, each record with its linked record (nil when none).
public struct PagedSearchPage: Sendable {
    public var items: [(ShapedRecord, ShapedRecord?)]
    /// Every match, not just this page's.
    public var total: Int
    public var hasMore: Bool
    /// Records looked at to build the page.
    public var scanned: Int
}

extension RecordStore where ID == String {
    /// The page `query` asks for, walking `order` from its cursor (`page` skips only on a first page);
    /// the text is also looked for in each record's `linked` record. Filtered totals are cached by the query's
    /// filters and text until the next write, so `linked` must give the same answers between writes.
    public func search(_ query: PagedSearchQuery, order: String, linked: @Sendable (ShapedRecord) -> ShapedRecord?) -> PagedSearchPage {
        let matches = { @Sendable (record: ShapedRecord) in query.matches(record, linked: linked(record)) }
        let scan = page(order, afterKey: query.startAfter, id: query.startAfterId, descending: query.descending, limit: query.limit,
                        skipOnFirst: (query.page - 1) * query.limit, matches: matches)
        let total = query.hasFilters ? count(cacheKey: query.filterSignature, where: matches) : count
        return PagedSearchPage(items: scan.items.map { ($0, linked($0)) }, total: total, hasMore: scan.hasMore, scanned: scan.scanned)
    }
}
