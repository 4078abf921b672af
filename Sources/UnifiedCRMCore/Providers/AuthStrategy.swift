/// How a provider call carries the account's credentials. Each strategy is compiled from a mapping
/// file's `auth.<method>` section at load.
public protocol AuthStrategy: Sendable {
    /// Adds the credentials to a request being built; nil when a context value it needs is missing.
    func apply(_ values: Template.Values, headers: inout [(String, String)], query: inout [(String, String)]) -> Void?
    /// Query keys the strategy sets (callers may never set them through `remote_query`).
    var queryKeys: [String] { get }
}

/// Credentials in header and query templates (`Authorization: Bearer {context.api_key}`,
/// `?api_token={context.api_key}`): the case every shipped provider uses today.
public struct TemplateAuth: AuthStrategy {
    public var headers: [(String, Template)]
    public var query: [(String, Template)]

    public init(headers: [(String, Template)], query: [(String, Template)]) {
        self.headers = headers
        self.query = query
    }

    public var queryKeys: [String] { query.map(\.0) }

    public func apply(_ values: Template.Values, headers: inout [(String, String)], query: inout [(String, String)]) -> Void? {
        for (name, template) in self.headers {
            guard let value = template.render(values) else { return nil }
            headers.append((name, value))
        }
        for (key, template) in self.query {
            guard let value = template.render(values) else { return nil }
            query.removeAll { $0.0 == key }
            query.append((key, value))
        }
        return ()
    }
}

/// One authentication method of a mapping: the context it requires and how it is sent.
public struct AuthMethod: Sendable {
    public var requires: [String]
    public var strategy: any AuthStrategy
    /// How OAuth tokens are obtained and refreshed (`auth.oauth.authorize` / `token`); nil when the
    /// mapping declares no flow (tokens are then imported and never refreshed).
    public var flow: OAuthFlow?

    public init(requires: [String], strategy: any AuthStrategy, flow: OAuthFlow? = nil) {
        self.requires = requires
        self.strategy = strategy
        self.flow = flow
    }
}
