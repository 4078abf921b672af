import Foundation

/// The OAuth-app admin operations: validation of a PUT body, storage, redaction.
public struct OAuthAppService: Sendable {
    public let store: any OAuthAppStore
    public let catalog: IntegrationCatalog

    public init(store: any OAuthAppStore, catalog: IntegrationCatalog) {
        self.store = store
        self.catalog = catalog
    }

    public func get(integration: String) async throws -> OAuthApp {
        _ = try known(integration)
        guard let app = try await store.oauthApp(integration: integration) else {
            throw APIError.notFound("No OAuth app is configured for `\(integration)`; PUT /integration/\(integration)/oauth-app sets one.", details: ["integration": .string(integration)])
        }
        return app
    }

    /// Creates or replaces the app. `client_secret: "[redacted]"` keeps the stored secret, so an app
    /// read back from the API can be sent again unchanged.
    public func put(integration: String, body: JSONValue, now: Date = Date()) async throws -> OAuthApp {
        let descriptor = try known(integration)
        guard descriptor.authMethods["oauth"] != nil else {
            throw APIError.invalidParameter("integration", "The integration `\(integration)` has no OAuth authentication in its mapping file.")
        }
        guard let object = body.objectValue else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        let allowed: Set<String> = ["client_id", "client_secret", "redirect_uri", "scopes", "webhook_public_key"]
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalidField(unknown, "The field `\(unknown)` is not part of an OAuth app; send client_id, client_secret, redirect_uri, scopes and webhook_public_key.", code: .unknownField)
        }
        let clientID = try requiredString(object, "client_id")
        var secret = try requiredString(object, "client_secret")
        let existing = try await store.oauthApp(integration: integration)
        if secret == SecretRedactor.placeholder {
            guard let existing else { throw APIError.invalidField("client_secret", "The field `client_secret` is required (there is no stored secret to keep).") }
            secret = existing.clientSecret
        }
        let redirect = try requiredString(object, "redirect_uri")
        guard let regex = try? Regex(Self.redirectURIPattern), (try? regex.wholeMatch(in: redirect)) != nil else {
            throw APIError.invalidField("redirect_uri", "The field `redirect_uri` must be an absolute https URL (http only for localhost).")
        }
        var scopes: [String] = []
        if let value = object["scopes"], value != .null {
            guard let items = value.arrayValue, items.allSatisfy({ !($0.stringValue ?? "").isEmpty }) else {
                throw APIError.invalidField("scopes", "The field `scopes` must be an array of non-empty strings.")
            }
            scopes = items.compactMap(\.stringValue)
        }
        var publicKey: String?
        if let value = object["webhook_public_key"], value != .null {
            guard let pem = value.stringValue, pem.count <= 4096, (try? Ed25519PublicKeyPEM.parse(pem)) != nil else {
                throw APIError.invalidField("webhook_public_key", "The field `webhook_public_key` must be an Ed25519 public key in PEM (`-----BEGIN PUBLIC KEY-----`).")
            }
            publicKey = pem
        }
        let app = OAuthApp(integration: integration, clientID: clientID, clientSecret: secret, redirectURI: redirect, scopes: scopes, webhookPublicKey: publicKey,
                           createdAt: existing?.createdAt ?? now, updatedAt: now)
        try await store.putOAuthApp(app)
        return app
    }

    /// What `redirect_uri` must match, also the OpenAPI spec's `pattern` for it (a test compares
    /// them): an absolute `https` URL, or `http` on localhost, of RFC 3986 characters only
    /// (non-ASCII percent-encoded), with a non-empty host. (URLComponents let spaces, control
    /// characters and a `[` in the query through.)
    public static let redirectURIPattern = #"^(https://(([A-Za-z0-9._~!$&'()*+,;=:-]|%[0-9A-Fa-f]{2})*@)?([A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+(:[0-9]{0,5})?|http://(localhost|127\.0\.0\.1)(:[0-9]{0,5})?)(/([A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*(\?([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?(#([A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?$"#

    private func known(_ integration: String) throws -> IntegrationDescriptor {
        guard let descriptor = catalog[integration] else {
            throw APIError.notFound("Unknown integration `\(integration)`. Known integrations: \(catalog.names.joined(separator: ", ")).", details: ["integration": .string(integration)])
        }
        return descriptor
    }

    private func requiredString(_ object: [String: JSONValue], _ field: String) throws -> String {
        guard let value = object[field], value != .null else { throw APIError.missingField(field) }
        guard let text = value.stringValue, !text.isEmpty, text.count <= 4096 else {
            throw APIError.invalidField(field, "The field `\(field)` must be a non-empty string.")
        }
        return text
    }
}
