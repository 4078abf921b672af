import Foundation

/// An account's OAuth token as its context holds it: `oauth.token.{access_token, refresh_token,
/// expires_at, scope}`, and what a token response changes in that context.
public enum OAuthToken {
    /// How long before `expires_at` a token is refreshed.
    public static let refreshSkew: TimeInterval = 60

    /// When the account's access token expires (`expires_at` as ISO 8601 text or epoch seconds), or nil.
    public static func expiresAt(_ context: JSONValue) -> Date? {
        switch context.value(at: ["oauth", "token", "expires_at"]) {
        case .string(let text)?:
            return Date(iso8601: text)
        case .number(let number)?:
            return Date(timeIntervalSince1970: min(max(number.double, 0), 1e11))
        default:
            return nil
        }
    }

    public static func refreshToken(_ context: JSONValue) -> String? {
        guard let text = context.value(at: ["oauth", "token", "refresh_token"])?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    public static func accessToken(_ context: JSONValue) -> String? {
        context.value(at: ["oauth", "token", "access_token"])?.stringValue
    }

    /// True when the token expires within `refreshSkew` of `now`.
    public static func isDue(_ context: JSONValue, now: Date) -> Bool {
        guard let expiresAt = expiresAt(context) else { return false }
        return expiresAt.timeIntervalSince(now) <= refreshSkew
    }

    /// `context` updated by a token response: a new `oauth.token` (the previous refresh token and
    /// scope are kept when the answer omits them) and the values the mapping copies
    /// (`api_domain`, `location_id`, ...). Throws when the answer carries no access token.
    public static func context(_ context: JSONValue, applying body: JSONValue, flow: OAuthFlow, now: Date, provider: String) throws -> JSONValue {
        guard let access = body["access_token"]?.stringValue, !access.isEmpty, access.utf8.count <= 8192 else {
            throw APIError(.remoteError, "\(provider)'s token endpoint answered without an access_token.", details: ["provider": .string(provider)])
        }
        let previous = context.value(at: ["oauth", "token"])?.objectValue ?? [:]
        var token: [String: JSONValue] = ["access_token": .string(access)]
        if let refresh = body["refresh_token"]?.stringValue, !refresh.isEmpty {
            token["refresh_token"] = .string(refresh)
        } else if let kept = previous["refresh_token"] {
            token["refresh_token"] = kept
        }
        if let seconds = body["expires_in"]?.numberValue?.double, seconds.isFinite, seconds > 0 {
            let expiry = now.addingTimeInterval(min(seconds, 10 * 365 * 86400))
            token["expires_at"] = .string(expiry.iso8601Milliseconds)
        }
        if let field = flow.token.scopeField, let granted = body.value(at: field) {
            switch granted {
            case .string(let text): token["scope"] = .string(text)
            case .array(let items): token["scope"] = .string(items.compactMap(\.stringValue).joined(separator: " "))
            default: break
            }
        } else if let kept = previous["scope"] {
            token["scope"] = kept
        }
        if let type = body["token_type"]?.stringValue { token["token_type"] = .string(type) }
        var updated = context
        updated.set(.object(token), at: ["oauth", "token"])
        for (contextPath, responsePath) in flow.token.contextFields {
            if let value = body.value(at: responsePath), value != .null { updated.set(value, at: contextPath) }
        }
        return updated
    }
}
