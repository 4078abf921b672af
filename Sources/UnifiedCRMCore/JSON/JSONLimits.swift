/// Bounds every JSON parse obeys, so no input (a caller's body, a provider's answer, a mapping
/// file) can exhaust the stack or memory: nesting deeper than `maxDepth` or a document larger than
/// `maxBytes` is a `JSONParseError`, never a crash.
public struct JSONLimits: Sendable, Equatable {
    public var maxDepth: Int
    public var maxBytes: Int

    public init(maxDepth: Int = 512, maxBytes: Int) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }

    /// Request bodies of the HTTP API (the server refuses larger bodies before parsing).
    public static let requestBody = JSONLimits(maxBytes: 8 * 1024 * 1024)
    /// Answers of providers (a page of records, field definitions).
    public static let providerResponse = JSONLimits(maxBytes: 64 * 1024 * 1024)
    /// Mapping files and unified schema files.
    public static let configurationFile = JSONLimits(maxBytes: 4 * 1024 * 1024)
    /// The default: a provider answer's bounds.
    public static let `default` = providerResponse
}

/// Malformed or out-of-bounds JSON input.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Not JSON as RFC 8259 defines it.
        case syntax
        /// Nested deeper than the limit.
        case tooDeep = "too_deep"
        /// Larger than the limit.
        case tooLarge = "too_large"
    }

    public var kind: Kind
    public var message: String
    /// Byte offset of the problem.
    public var offset: Int

    public init(kind: Kind = .syntax, message: String, offset: Int = 0) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { message }
}
