import Foundation
import Synchronization

/// What a fake provider's OAuth server has handed out: authorization codes, access tokens with
/// their expiry, refresh tokens. Checked synchronously by the emulators' route guards.
public final class IssuedTokens: Sendable {
    struct Code { var scopes: [String]; var redirectURI: String; var expiresAt: Date }
    struct State {
        var configuration: FakeOAuthConfiguration?
        var context: [String: String] = [:]
        var codes: [String: Code] = [:]
        var accessTokens: [String: Date] = [:]
        var refreshTokens: [String: [String]] = [:]
        /// The next consent is declined (admin hook).
        var denyNext = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Turns the OAuth server on with `configuration`; `context` fills `{context.KEY}` token extras.
    public func configure(_ configuration: FakeOAuthConfiguration, context: [String: String]) {
        state.withLock { $0.configuration = configuration; $0.context = context }
    }

    public var configuration: FakeOAuthConfiguration? { state.withLock { $0.configuration } }
    var context: [String: String] { state.withLock { $0.context } }

    /// True when `Authorization: Bearer <token>` names a live issued access token.
    public func acceptsBearer(_ authorization: String?, now: Date = Date()) -> Bool {
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return state.withLock { ($0.accessTokens[token] ?? .distantPast) > now }
    }

    func issueCode(scopes: [String], redirectURI: String) -> String {
        let code = "code-" + Self.random()
        state.withLock { $0.codes[code] = Code(scopes: scopes, redirectURI: redirectURI, expiresAt: Date().addingTimeInterval(300)) }
        return code
    }

    /// Takes a code once; nil when unknown, used, expired or bound to another redirect URI.
    func redeem(code: String, redirectURI: String?) -> [String]? {
        state.withLock { state in
            guard let found = state.codes.removeValue(forKey: code), found.expiresAt > Date() else { return nil }
            if let redirectURI, redirectURI != found.redirectURI { return nil }
            return found.scopes
        }
    }

    /// Issues an access token (living `expiresIn` seconds) and, unless `keeping` one, a refresh token.
    func issue(scopes: [String], expiresIn: Int, keeping refreshToken: String? = nil) -> (access: String, refresh: String) {
        let access = "at-" + Self.random(), refresh = refreshToken ?? "rt-" + Self.random()
        state.withLock {
            $0.accessTokens[access] = Date().addingTimeInterval(TimeInterval(expiresIn))
            $0.refreshTokens[refresh] = scopes
        }
        return (access, refresh)
    }

    /// The scopes of a live refresh token; with `consume`, the token dies (rotation).
    func useRefreshToken(_ token: String, consume: Bool) -> [String]? {
        state.withLock { consume ? $0.refreshTokens.removeValue(forKey: token) : $0.refreshTokens[token] }
    }

    func takeDenial() -> Bool { state.withLock { let deny = $0.denyNext; $0.denyNext = false; return deny } }

    // MARK: Admin hooks (faults)

    /// The next consent is declined.
    public func denyNextConsent() { state.withLock { $0.denyNext = true } }

    /// Every access token handed out expires now (refresh tokens still work).
    public func expireAccessTokens() { state.withLock { $0.accessTokens = $0.accessTokens.mapValues { _ in .distantPast } } }

    /// The user revoked the app: every access and refresh token dies.
    public func revokeAll() { state.withLock { $0.accessTokens.removeAll(); $0.refreshTokens.removeAll() } }

    /// A grant made without the consent page (tests): access token living `expiresIn` seconds (may be negative).
    public func grant(scopes: [String], expiresIn: Int) -> (access: String, refresh: String) {
        issue(scopes: scopes, expiresIn: expiresIn)
    }

    /// How many refresh tokens are live.
    public var liveRefreshTokens: Int { state.withLock { $0.refreshTokens.count } }

    static func random() -> String {
        (0..<24).map { _ in String("abcdefghijklmnopqrstuvwxyz0123456789".randomElement()!) }.joined()
    }
}
