/// How a list route walks its pages: which request parameters carry the position and how the
/// next position is read from a response. `next_cursor` carries those parameters opaquely.
public protocol PaginationStrategy: Sendable {
    /// Parameters a cursor may carry; a cursor with others is refused.
    var parameterNames: Set<String> { get }
    /// Every response path the strategy reads (the compiler checks they sit beside the records).
    var responsePaths: [[String]] { get }
    /// The parameters of the page after `body`, nil after the last page.
    func next(after body: JSONValue) -> [String: String]?
    /// The parameters go in the JSON request body (searches sent by POST) instead of the query.
    var inBody: Bool { get }
}

/// Each request parameter is read from a path of the previous response (HubSpot `after` ←
/// `paging.next.after`; HighLevel `startAfter` + `startAfterId` ← `meta.*`); optionally the walk
/// ends when a has-more flag is null, false or absent.
public struct ResponsePathPagination: PaginationStrategy {
    public var next: [(parameter: String, path: [String])]
    public var hasMore: [String]?
    public var inBody: Bool

    public init(next: [(parameter: String, path: [String])], hasMore: [String]?, inBody: Bool = false) {
        self.next = next
        self.hasMore = hasMore
        self.inBody = inBody
    }

    public var parameterNames: Set<String> { Set(next.map(\.parameter)) }
    public var responsePaths: [[String]] { next.map(\.path) + (hasMore.map { [$0] } ?? []) }

    public func next(after body: JSONValue) -> [String: String]? {
        if let hasMore {
            switch body.value(at: hasMore) {
            case nil, .null?, .bool(false)?: return nil
            default: break
            }
        }
        var parameters: [String: String] = [:]
        for (parameter, path) in next {
            if let value = body.value(at: path)?.scalarText, !value.isEmpty { parameters[parameter] = value }
        }
        return parameters.isEmpty ? nil : parameters
    }
}
