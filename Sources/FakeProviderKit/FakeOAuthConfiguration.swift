import Foundation

/// How a provider's OAuth server behaves, from `<provider>/fixtures/oauth.json`: its paths, how it
/// wants the client to authenticate, what its token answers and errors look like. Providers differ
/// only in these facts, so one fake server (`FakeOAuthServer`) plays all of them.
public struct FakeOAuthConfiguration: Sendable, Decodable {
    public struct Client: Sendable, Decodable {
        public var clientID: String
        public var clientSecret: String
        enum CodingKeys: String, CodingKey { case clientID = "client_id", clientSecret = "client_secret" }
    }

    /// An error answer: status and JSON body, as the provider sends it.
    public struct ErrorAnswer: Sendable, Decodable {
        public var status: Int
        public var body: JSONFixture
    }

    public enum ScopeFormat: String, Sendable, Decodable { case array, space, comma }
    public enum ClientAuth: String, Sendable, Decodable { case body, basic }

    /// Consent page path (`/oauth/authorize`, HighLevel `/v2/oauth/chooselocation`).
    public var authorizePath: String
    /// Token endpoint path.
    public var tokenPath: String
    /// The one registered app.
    public var client: Client
    public var clientAuth: ClientAuth
    /// Parameters every grant must carry besides the standard ones (HighLevel `user_type`).
    public var requiredParameters: [String: String]
    /// Scopes granted when the consent URL names none (Pipedrive: the app's scopes are set in its settings).
    public var defaultScopes: [String]
    /// Separator of the consent URL's `scope` parameter.
    public var scopeSeparator: String
    /// Name and shape of the granted scopes in token answers.
    public var scopeField: String
    public var scopeFormat: ScopeFormat
    /// Access-token lifetime in seconds.
    public var expiresIn: Int
    /// True when a refresh answers a new refresh token and kills the old one (HighLevel, Pipedrive).
    public var rotatesRefreshTokens: Bool
    /// Fields added to every token answer; strings `{context.KEY}` are the emulator's account context.
    public var tokenExtras: [String: JSONFixture]
    /// Query parameters of the redirect when the user declines.
    public var denial: [String: String]
    public var invalidGrant: ErrorAnswer
    public var invalidClient: ErrorAnswer
    public var invalidRequest: ErrorAnswer

    enum CodingKeys: String, CodingKey {
        case authorizePath = "authorize_path", tokenPath = "token_path", client, clientAuth = "client_auth"
        case requiredParameters = "required_parameters", defaultScopes = "default_scopes", scopeSeparator = "scope_separator"
        case scopeField = "scope_field", scopeFormat = "scope_format", expiresIn = "expires_in", rotatesRefreshTokens = "rotates_refresh_tokens"
        case tokenExtras = "token_extras", denial, invalidGrant = "invalid_grant", invalidClient = "invalid_client", invalidRequest = "invalid_request"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        authorizePath = try c.decode(String.self, forKey: .authorizePath)
        tokenPath = try c.decode(String.self, forKey: .tokenPath)
        client = try c.decode(Client.self, forKey: .client)
        clientAuth = try c.decode(ClientAuth.self, forKey: .clientAuth)
        requiredParameters = try c.decodeIfPresent([String: String].self, forKey: .requiredParameters) ?? [:]
        defaultScopes = try c.decodeIfPresent([String].self, forKey: .defaultScopes) ?? []
        scopeSeparator = try c.decodeIfPresent(String.self, forKey: .scopeSeparator) ?? " "
        scopeField = try c.decode(String.self, forKey: .scopeField)
        scopeFormat = try c.decode(ScopeFormat.self, forKey: .scopeFormat)
        expiresIn = try c.decode(Int.self, forKey: .expiresIn)
        rotatesRefreshTokens = try c.decode(Bool.self, forKey: .rotatesRefreshTokens)
        tokenExtras = try c.decodeIfPresent([String: JSONFixture].self, forKey: .tokenExtras) ?? [:]
        denial = try c.decode([String: String].self, forKey: .denial)
        invalidGrant = try c.decode(ErrorAnswer.self, forKey: .invalidGrant)
        invalidClient = try c.decode(ErrorAnswer.self, forKey: .invalidClient)
        invalidRequest = try c.decode(ErrorAnswer.self, forKey: .invalidRequest)
    }

    /// The provider's `oauth.json`, or nil when it has none.
    public static func load(_ fixtures: ProviderFixtures) throws(FixtureError) -> FakeOAuthConfiguration? {
        guard FileManager.default.fileExists(atPath: fixtures.directory.appendingPathComponent("oauth.json").path) else { return nil }
        return try fixtures.decode(FakeOAuthConfiguration.self, "oauth.json")
    }

    /// Granted scopes as the provider writes them in a token answer.
    func scopeValue(_ scopes: [String]) -> Any {
        switch scopeFormat {
        case .array: scopes
        case .space: scopes.joined(separator: " ")
        case .comma: scopes.joined(separator: ",")
        }
    }
}

/// Any JSON value of a fixture, kept as a Foundation object for `JSONSerialization`.
public struct JSONFixture: Sendable, Decodable {
    nonisolated(unsafe) public let value: Any

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { value = NSNull() }
        else if let b = try? c.decode(Bool.self) { value = b }
        else if let i = try? c.decode(Int.self) { value = i }
        else if let d = try? c.decode(Double.self) { value = d }
        else if let s = try? c.decode(String.self) { value = s }
        else if let a = try? c.decode([JSONFixture].self) { value = a.map(\.value) }
        else { value = try c.decode([String: JSONFixture].self).mapValues(\.value) }
    }

    /// The value with `{context.KEY}` strings replaced from `context`.
    func resolved(_ context: [String: String]) -> Any {
        guard let text = value as? String, text.hasPrefix("{context."), text.hasSuffix("}") else { return value }
        return context[String(text.dropFirst("{context.".count).dropLast())] ?? NSNull()
    }
}
