import Foundation

/// One request an emulator received, kept so tests can assert what reached the "provider".
public struct RecordedRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    /// Raw query string (without `?`), exactly as sent.
    public var query: String
    public var headers: [String: String]
    public var body: Data
}

/// Thread-safe log of requests an emulator has received.
public actor RequestRecorder {
    public private(set) var requests: [RecordedRequest] = []
    public init() {}
    public func record(_ request: RecordedRequest) { requests.append(request) }
    public func reset() { requests.removeAll() }
    public var count: Int { requests.count }
}
