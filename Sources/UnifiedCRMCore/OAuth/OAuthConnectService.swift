import Foundation

/// The OAuth connect flow: `GET /integrated-account/connect/{integration}` answers the provider's
/// consent URL with a signed, expiring, single-use `state`; `GET /oauth/callback` verifies it,
/// exchanges the code at the mapping's token URL, creates the account and sends the browser back.
public struct OAuthConnectService: Sendable {
    public let mappings: MappingSet
    public let apps: any OAuthAppStore
    public let states: any OAuthStateStore
    public let signer: ConnectStateSigner
    public let accounts: AccountService
    public let caller: ProviderCaller

    public init(mappings: MappingSet, apps: any OAuthAppStore, states: any OAuthStateStore, signer: ConnectStateSigner, accounts: AccountService, caller: ProviderCaller) {
        self.mappings = mappings
        self.apps = apps
        self.states = states
        self.signer = signer
        self.accounts = accounts
        self.caller = caller
    }

    /// The consent URL for `tenant_id` connecting `integration`, returning to `return_url`.
    public func authorizeURL(integration: String, tenantID: String?, returnURL: String?, now: Date = Date()) async throws -> String {
        let (mapping, flow, app) = try await oauthApp(integration)
        guard let tenantID, !tenantID.isEmpty else { throw APIError.invalidParameter("tenant_id", "The query parameter `tenant_id` is required.") }
        guard tenantID.utf8.count <= 256 else { throw APIError.invalidParameter("tenant_id", "The query parameter `tenant_id` is at most 256 bytes.") }
        guard let returnURL, !returnURL.isEmpty else { throw APIError.invalidParameter("return_url", "The query parameter `return_url` is required.") }
        guard returnURL.utf8.count <= 2048, let url = URLComponents(string: returnURL), ["https", "http"].contains(url.scheme?.lowercased() ?? ""),
              url.host?.isEmpty == false, url.user == nil, url.password == nil, url.fragment == nil else {
            throw APIError.invalidParameter("return_url", "The query parameter `return_url` must be an absolute http(s) URL without credentials or fragment (at most 2048 bytes).")
        }
        let state = ConnectState(tenantID: tenantID, integration: integration, returnURL: returnURL, expiresAt: now.addingTimeInterval(ConnectState.lifetime))
        return flow.authorizationURL(app: app, state: signer.sign(state), override: caller.baseURLOverrides["\(mapping.name).oauth"])
    }

    /// Where the browser goes after the provider's redirect to `/oauth/callback`. A bad `state`
    /// throws (400, nothing sent, nothing created); anything after it redirects to `return_url`
    /// with `integrated_account_id` or with `error` (and `error_description`).
    public func callback(query: [String: String], now: Date = Date()) async throws -> String {
        guard let text = query["state"], !text.isEmpty else { throw APIError.invalidParameter("state", "The query parameter `state` is required.") }
        let state = try signer.verify(text, now: now)
        let providerError = query["error"].flatMap { $0.isEmpty ? nil : $0 }
        let code = query["code"].flatMap { $0.isEmpty ? nil : $0 }
        guard providerError != nil || code != nil else {
            throw APIError.invalidParameter("code", "The query parameter `code` (or the provider's `error`) is required.")
        }
        guard try await states.consumeState(nonce: state.nonce, expiresAt: state.expiresAt) else {
            throw APIError(.invalidState, "The OAuth `state` was already used; start the connection again.", details: ["parameter": .string("state")])
        }
        if let providerError {
            return Self.redirect(state.returnURL, [("error", String(providerError.prefix(100))),
                                                   ("error_description", String((query["error_description"] ?? "The provider did not grant access.").prefix(500)))])
        }
        do {
            let account = try await exchange(code ?? "", state: state, now: now)
            return Self.redirect(state.returnURL, [("integrated_account_id", account.id.uuidString.lowercased()), ("integration", account.integration)])
        } catch let error as APIError {
            return Self.redirect(state.returnURL, [("error", error.code.rawValue), ("error_description", error.message)])
        }
    }

    /// Exchanges the code and stores the new account.
    private func exchange(_ code: String, state: ConnectState, now: Date) async throws -> IntegratedAccount {
        let (mapping, flow, app) = try await oauthApp(state.integration)
        let request = flow.tokenRequest(.authorizationCode(code), app: app, override: caller.baseURLOverrides["\(mapping.name).oauth"])
        let response: ProviderResponse
        do {
            response = try await caller.sendWithRetries(request, mapping: mapping)
        } catch let error as ProviderError {
            throw APIError(error.isTimeout ? .providerTimeout : .remoteError, "\(mapping.name) refused the authorization code (\(error.summary)).",
                           details: ["provider": .string(mapping.name), "remote_status": error.response.map { .integer($0.status) } ?? .null])
        }
        guard let body = try? JSONParser.parse(response.body, limits: .providerResponse) else {
            throw APIError(.remoteError, "\(mapping.name)'s token endpoint answered with a body that is not JSON.", details: ["provider": .string(mapping.name)])
        }
        let context = try OAuthToken.context(.object([:]), applying: body, flow: flow, now: now, provider: mapping.name)
        return try await accounts.create(body: .object(["integration": .string(state.integration), "tenant_id": .string(state.tenantID), "context": context]), now: now)
    }

    private func oauthApp(_ integration: String) async throws -> (ProviderMapping, OAuthFlow, OAuthApp) {
        guard let mapping = mappings[integration] else {
            throw APIError.notFound("Unknown integration `\(integration)`. Known integrations: \(mappings.catalog.names.joined(separator: ", ")).",
                                    details: ["integration": .string(integration)])
        }
        guard let flow = mapping.authMethods["oauth"]?.flow else {
            throw APIError(.unsupportedAuthentication, "The \(integration) mapping declares no OAuth flow (auth.oauth.authorize and auth.oauth.token).",
                           details: ["integration": .string(integration)])
        }
        guard let app = try await apps.oauthApp(integration: integration) else {
            throw APIError.oauthAppMissing(integration)
        }
        return (mapping, flow, app)
    }

    /// `url` with `pairs` added to its query.
    static func redirect(_ url: String, _ pairs: [(String, String)]) -> String {
        url + (url.contains("?") ? "&" : "?") + QueryString.encodePairs(pairs)
    }
}
