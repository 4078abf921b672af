/// An opaque keyset paging cursor (`OpaqueCursor`): the sort and direction it belongs to and the
/// sort key and id of the last record handed out, so the next page starts just past it.
public struct KeysetCursor: Sendable, Equatable, Codable {
    public var sortBy: String
    public var direction: String
    public var key: Int
    public var id: Int

    enum CodingKeys: String, CodingKey {
        case sortBy = "s", direction = "d", key = "k", id = "i"
    }

    public init(sortBy: String, direction: String, key: Int, id: Int) {
        (self.sortBy, self.direction, self.key, self.id) = (sortBy, direction, key, id)
    }

    public var encoded: String { OpaqueCursor.encode(self) }

    public static func decode(_ text: String) -> KeysetCursor? { OpaqueCursor.decode(KeysetCursor.self, text) }

    /// Where the next page starts.
    public var start: PageStart<Int> { .after(key: Int64(key), id: id) }
}
