/// What a keyset-paged list endpoint reads from its query, as data: the page size, the sort
/// field and direction parameters, and the filters (`QueryFilters`), checked in that order
/// (limit, filters, sort, direction). The caller reads its own cursor parameter.
///
/// ```json
/// {"limit": {"param": "limit", "max": 500, "default": 100},
///  "sort": {"param": "sort_by", "allowed": ["id", "update_time"]},
///  "direction": {"param": "sort_direction", "ascending": "asc", "descending": "desc"},
///  "filters": [{"param": "owner_id", "field": "owner_id", "kind": "id"}]}
/// ```
///
/// The first `allowed` sort is the default, ascending unless `direction` names a `default`.
public struct KeysetListQuery: Sendable, Decodable {
    public struct Limit: Sendable, Decodable {
        public let param: String
        public let max: Int
        public let `default`: Int
    }

    public struct Sort: Sendable, Decodable {
        public let param: String
        public let allowed: [String]
    }

    public struct Direction: Sendable, Decodable {
        public let param: String
        public let ascending: String
        public let descending: String
        /// The direction without the parameter (`ascending` when absent).
        public let `default`: String?
    }

    public let limit: Limit
    public let sort: Sort
    public let direction: Direction
    public let filters: QueryFilters

    /// The request `params` make (no cursor yet); throws the query's failure for a bad value.
    public func read<F: Error>(_ params: QueryReader<F>) throws(F) -> KeysetListRequest {
        var request = KeysetListRequest()
        request.limit = try params.int(limit.param, in: 1...limit.max, default: limit.default)
        request.matches = try filters.read(params)
        request.sortBy = try params.oneOf(sort.param, sort.allowed) ?? sort.allowed.first ?? "id"
        request.descending = (try params.oneOf(direction.param, [direction.ascending, direction.descending]) ?? direction.default)
            == direction.descending
        return request
    }
}

/// One page asked of a keyset-paged list: its size, sort, direction, filter and where it starts.
public struct KeysetListRequest: Sendable {
    public var limit = 100
    public var sortBy = "id"
    public var descending = false
    /// The records listed (without filters: all of them).
    public var matches: @Sendable (ShapedRecord) -> Bool = { _ in true }
    /// Where the page starts; nil for the first page.
    public var cursor: KeysetCursor?

    public init() {}

    /// The direction as cursors name it.
    public var direction: String { descending ? "desc" : "asc" }
}

extension RecordStore where ID == Int {
    /// The page `request` asks for and the encoded cursor of the next one (nil at the end).
    public func list(_ request: KeysetListRequest) -> (items: [ShapedRecord], next: String?) {
        let (items, next) = keysetPage(request.sortBy, descending: request.descending, after: request.cursor,
                                       limit: request.limit, matches: request.matches)
        return (items, next?.encoded)
    }
}
