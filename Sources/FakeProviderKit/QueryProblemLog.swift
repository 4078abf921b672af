/// Reads a query keeping every problem rather than stopping at the first, for providers that
/// report all bad parameters of a request together (class-validator's 422): each problem is
/// worded by `texts`, and callers add their own messages in between, in order.
public struct QueryProblemLog {
    public let query: QueryReader<QueryProblem>
    public let texts: QueryProblemTexts
    public private(set) var messages: [String] = []

    public init(pairs: [(String, String)], texts: QueryProblemTexts) {
        query = QueryReader(pairs: pairs, failure: { $0 })
        self.texts = texts
    }

    /// The value `read` gives; a `QueryProblem` adds its message and reads as absent (other errors are rethrown).
    public mutating func read<T>(_ read: (QueryReader<QueryProblem>) throws -> T?) rethrows -> T? {
        do { return try read(query) } catch let problem as QueryProblem {
            messages.append(texts.text(problem))
            return nil
        }
    }

    /// Adds a message of the caller's own.
    public mutating func add(_ message: String...) { messages += message }

    /// Adds messages of the caller's own (from a table).
    public mutating func add(_ list: [String]) { messages += list }
}
