import Foundation

/// A provider's OAuth 2.0 authorization-code flow as its mapping file declares it (`auth.oauth.authorize`
/// and `auth.oauth.token`): everything that differs between providers is data here, so a new
/// provider's OAuth is a mapping change.
public struct OAuthFlow: Sendable {
    /// The consent page (`https://app.hubspot.com/oauth/authorize`).
    public var authorizeURL: String
    /// The query parameter carrying the requested scopes; nil when the provider takes none (Pipedrive).
    public var scopeParameter: String?
    /// How requested scopes are joined (space or comma).
    public var scopeSeparator: String
    /// Fixed extra authorize parameters (HighLevel `response_type=code`).
    public var authorizeParameters: [(String, String)]
    public var token: TokenEndpoint

    public init(authorizeURL: String, scopeParameter: String?, scopeSeparator: String, authorizeParameters: [(String, String)], token: TokenEndpoint) {
        self.authorizeURL = authorizeURL
        self.scopeParameter = scopeParameter
        self.scopeSeparator = scopeSeparator
        self.authorizeParameters = authorizeParameters
        self.token = token
    }

    /// The token endpoint: where codes and refresh tokens are exchanged, and how.
    public struct TokenEndpoint: Sendable {
        public enum Encoding: String, Sendable, CaseIterable { case form, json }
        /// Where the client id and secret go: body parameters, or HTTP Basic (Pipedrive).
        public enum ClientAuthentication: String, Sendable, CaseIterable { case body, basic }

        public var url: String
        public var encoding: Encoding
        public var clientAuthentication: ClientAuthentication
        /// Fixed extra parameters sent with every grant (HighLevel `user_type=Location`).
        public var parameters: [(String, String)]
        /// Where the granted scopes are in the token response (`scope` string, HubSpot `scopes` array).
        public var scopeField: [String]?
        /// Context path ← token-response path, copied into the account (Pipedrive `api_domain`,
        /// HighLevel `location_id` ← `locationId`).
        public var contextFields: [(context: [String], response: [String])]
        /// Answers meaning the grant is dead (revoked or expired refresh token, used code).
        public var invalidGrant: [InvalidGrantRule]

        public init(url: String, encoding: Encoding, clientAuthentication: ClientAuthentication, parameters: [(String, String)], scopeField: [String]?,
                    contextFields: [(context: [String], response: [String])], invalidGrant: [InvalidGrantRule]) {
            self.url = url
            self.encoding = encoding
            self.clientAuthentication = clientAuthentication
            self.parameters = parameters
            self.scopeField = scopeField
            self.contextFields = contextFields
            self.invalidGrant = invalidGrant
        }
    }

    /// `{"status": 400, "path": "error", "values": ["invalid_grant"]}`: the token endpoint's answer
    /// has this status (any when nil) and the value at `path` is one of `values` or starts with
    /// one of `prefixes` (Pipedrive and HighLevel put `Invalid grant: ...` in a message).
    public struct InvalidGrantRule: Sendable {
        public var status: Int?
        public var path: [String]
        public var values: [String]
        public var prefixes: [String]

        public init(status: Int?, path: [String], values: [String] = [], prefixes: [String] = []) {
            self.status = status
            self.path = path
            self.values = values
            self.prefixes = prefixes
        }

        func matches(_ text: String) -> Bool { values.contains(text) || prefixes.contains { text.hasPrefix($0) } }
    }

    /// What a token call grants.
    public enum Grant: Sendable {
        case authorizationCode(String)
        case refreshToken(String)
    }

    /// The consent URL a browser is sent to. `override` replaces the scheme, host and port.
    public func authorizationURL(app: OAuthApp, state: String, override: String?) -> String {
        var pairs: [(String, String)] = [("client_id", app.clientID), ("redirect_uri", app.redirectURI)]
        if let scopeParameter, !app.scopes.isEmpty { pairs.append((scopeParameter, app.scopes.joined(separator: scopeSeparator))) }
        pairs += authorizeParameters
        pairs.append(("state", state))
        let url = Self.replacingOrigin(of: authorizeURL, with: override)
        return url + (url.contains("?") ? "&" : "?") + QueryString.encodePairs(pairs)
    }

    /// The token request for `grant`, authenticated as `app`.
    public func tokenRequest(_ grant: Grant, app: OAuthApp, override: String?) -> ProviderRequest {
        var pairs: [(String, String)]
        switch grant {
        case .authorizationCode(let code):
            pairs = [("grant_type", "authorization_code"), ("code", code), ("redirect_uri", app.redirectURI)]
        case .refreshToken(let refreshToken):
            // No redirect_uri: none of the providers' SDKs sends one on a refresh.
            pairs = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        }
        var headers: [(String, String)] = [("Accept", "application/json")]
        switch token.clientAuthentication {
        case .body:
            pairs += [("client_id", app.clientID), ("client_secret", app.clientSecret)]
        case .basic:
            let credentials = Data("\(app.clientID):\(app.clientSecret)".utf8).base64EncodedString()
            headers.append(("Authorization", "Basic \(credentials)"))
        }
        pairs += token.parameters
        let body: [UInt8]
        switch token.encoding {
        case .form:
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
            body = Array(QueryString.encodePairs(pairs).utf8)
        case .json:
            headers.append(("Content-Type", "application/json"))
            body = JSONWriter.encode(.object(Dictionary(pairs, uniquingKeysWith: { _, last in last }).mapValues(JSONValue.string)))
        }
        return ProviderRequest(method: "POST", url: Self.replacingOrigin(of: token.url, with: override), headers: headers, body: body)
    }

    /// The provider's code for a dead grant when `response` is one (the value the rule matched), else nil.
    public func invalidGrantCode(in response: ProviderResponse) -> String? {
        guard !token.invalidGrant.isEmpty, let body = try? JSONParser.parse(response.body, limits: .providerResponse) else { return nil }
        for rule in token.invalidGrant where rule.status == nil || rule.status == response.status {
            if let value = body.value(at: rule.path)?.scalarText, rule.matches(value) { return String(value.prefix(200)) }
        }
        return nil
    }

    /// `url` with the scheme, host and port of `origin` (the operator's `PROVIDER.oauth` override).
    static func replacingOrigin(of url: String, with origin: String?) -> String {
        guard let origin, var target = URLComponents(string: url), let replacement = URLComponents(string: origin) else { return url }
        target.scheme = replacement.scheme
        target.host = replacement.host
        target.port = replacement.port
        return target.string ?? url
    }
}
