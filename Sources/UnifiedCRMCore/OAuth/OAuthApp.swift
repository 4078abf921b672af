import Foundation
import Synchronization

/// An integration's OAuth app (`PUT /integration/{integration}/oauth-app`): what the connect flow
/// and token refreshes authenticate with. The secret is sealed at rest and never shown.
public struct OAuthApp: Sendable, Equatable {
    public var integration: String
    public var clientID: String
    public var clientSecret: String
    public var redirectURI: String
    public var scopes: [String]
    /// Replaces the mapping's published webhook key (PEM), for providers that sign webhooks with a key pair (HighLevel).
    public var webhookPublicKey: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(integration: String, clientID: String, clientSecret: String, redirectURI: String, scopes: [String], webhookPublicKey: String? = nil,
                createdAt: Date, updatedAt: Date) {
        self.webhookPublicKey = webhookPublicKey
        self.integration = integration
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.scopes = scopes
        self.createdAt = Date(epochMilliseconds: createdAt.epochMilliseconds)
        self.updatedAt = Date(epochMilliseconds: updatedAt.epochMilliseconds)
    }

    /// As callers see it: the secret is `"[redacted]"`.
    public var json: JSONValue {
        .object([
            "integration": .string(integration), "client_id": .string(clientID), "client_secret": .string(SecretRedactor.placeholder),
            "redirect_uri": .string(redirectURI), "scopes": .array(scopes.map(JSONValue.string)),
            "webhook_public_key": webhookPublicKey.map(JSONValue.string) ?? .null,
            "created_at": .string(createdAt.iso8601Milliseconds), "updated_at": .string(updatedAt.iso8601Milliseconds),
        ])
    }
}

/// Where OAuth apps are kept, one per integration (SQLite now, PostgreSQL later).
public protocol OAuthAppStore: Sendable {
    func oauthApp(integration: String) async throws -> OAuthApp?
    /// Creates or replaces the integration's app.
    func putOAuthApp(_ app: OAuthApp) async throws
}

/// OAuth apps in memory (tests).
public final class InMemoryOAuthAppStore: OAuthAppStore {
    private let apps = Mutex<[String: OAuthApp]>([:])
    public init() {}
    public func oauthApp(integration: String) async throws -> OAuthApp? { apps.withLock { $0[integration] } }
    public func putOAuthApp(_ app: OAuthApp) async throws { apps.withLock { $0[app.integration] = app } }
}
