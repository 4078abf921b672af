import Hummingbird

extension FakeJSON {
    /// The request body as a JSON object, empty when there is none; `invalid` is thrown when the
    /// body is not a JSON object.
    public static func objectBody(of request: Request, invalid: FakeError) async throws -> [String: Any] {
        switch try await body(of: request) {
        case .empty: return [:]
        case .object(let object): return object
        case .invalid: throw invalid
        }
    }
}
