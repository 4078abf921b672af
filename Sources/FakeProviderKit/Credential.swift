import Hummingbird

/// Where a fake provider accepts its token, as data: providers differ only in the places they look.
public enum Credential: Sendable, Equatable {
    /// `Authorization: Bearer <token>` (scheme case-insensitive, token trimmed).
    case bearer
    /// A header carrying the token as is (`x-api-token`).
    case header(String)
    /// A query parameter (`api_token`).
    case query(String)

    /// True when `request` carries `token` in this place.
    public func isPresented(_ token: String, in request: Request) -> Bool {
        switch self {
        case .bearer:
            guard let authorization = request.headers[.authorization] else { return false }
            let parts = authorization.split(separator: " ", maxSplits: 1)
            return parts.count == 2 && parts[0].lowercased() == "bearer"
                && parts[1].trimmingCharacters(in: .whitespaces) == token
        case .header(let name):
            let lowered = name.lowercased()
            return request.headers.contains { $0.name.canonicalName == lowered && $0.value == token }
        case .query(let name):
            return request.uri.queryParameters.get(name) == token
        }
    }
}

extension Array where Element == Credential {
    /// True when any of the places carries `token`.
    public func accept(_ token: String, in request: Request) -> Bool {
        contains { $0.isPresented(token, in: request) }
    }
}
