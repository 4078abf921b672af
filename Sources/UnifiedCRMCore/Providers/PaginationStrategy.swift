/// How a list route walks its pages: which request parameters carry the position and how the
/// next position is read from a response. `next_cursor` carries those parameters opaquely.
public protocol PaginationStrategy: Sendable {
    /// Parameters a cursor may carry; a cursor with others is refused.
    var parameterNames: Set<String> { get }
    /// Every response path the strategy reads (the compiler checks they sit beside the records).
    var responsePaths: [[String]] { get }
    /// The parameters of the page after `body`, nil after the last page. `position` is what the
    /// page was asked with and how many records it held.
    func next(after body: JSONValue, position: PagePosition) -> [String: String]?
    /// The parameters go in the JSON request body (searches sent by POST) instead of the query.
    var inBody: Bool { get }
}

/// What a page was asked with (its page parameters and page size) and how many records the
/// provider's root array held (before `keep_when`).
public struct PagePosition: Sendable {
    public var sent: [String: String]
    public var limit: Int?
    public var count: Int

    public init(sent: [String: String], limit: Int?, count: Int) {
        self.sent = sent
        self.limit = limit
        self.count = count
    }

    /// True when the page cannot be followed by another: empty, or shorter than the size asked for.
    var isLast: Bool { count == 0 || limit.map { count < $0 } ?? false }
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

    public func next(after body: JSONValue, position: PagePosition) -> [String: String]? {
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

/// The position is a number the caller computes: an offset that grows by the records seen
/// (Close `_skip`, Pipedrive v1 `start`, HighLevel businesses `skip`), or a page number that grows
/// by one (`page`, from `first`). The walk ends at an empty or short page, or when `has_more` is
/// null, false or absent.
public struct CountedPagination: PaginationStrategy {
    public enum Kind: Sendable { case offset, page(first: Int) }
    public var kind: Kind
    public var parameter: String
    public var hasMore: [String]?
    public var inBody: Bool

    public init(kind: Kind, parameter: String, hasMore: [String]?, inBody: Bool = false) {
        self.kind = kind
        self.parameter = parameter
        self.hasMore = hasMore
        self.inBody = inBody
    }

    public var parameterNames: Set<String> { [parameter] }
    public var responsePaths: [[String]] { hasMore.map { [$0] } ?? [] }

    public func next(after body: JSONValue, position: PagePosition) -> [String: String]? {
        if let hasMore {
            switch body.value(at: hasMore) {
            case nil, .null?, .bool(false)?: return nil
            default: if position.count == 0 { return nil }
            }
        } else if position.isLast {
            return nil
        }
        switch kind {
        case .offset:
            let current = position.sent[parameter].flatMap { Int($0) } ?? 0
            return [parameter: String(current + position.count)]
        case .page(let first):
            let current = position.sent[parameter].flatMap { Int($0) } ?? first
            return [parameter: String(current + 1)]
        }
    }
}
