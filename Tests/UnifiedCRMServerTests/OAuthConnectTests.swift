import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnifiedCRMCore

/// The connect flow end to end against each emulator's OAuth server: consent URL, provider
/// redirect, callback, token exchange, a working account; and every way a `state` can be bad.
@Suite struct OAuthConnectTests {
    static let returnURL = "https://app.example.com/connected?from=crm"

    /// `authorize_url` for tenant `acme`, after the app is stored.
    static func authorizeURL(_ oauth: OAuthCase, _ h: ProviderHarness, _ client: any TestClientProtocol) async throws -> URLComponents {
        try await h.putOAuthApp(oauth, client: client)
        let connect = try await client.send(.get, "/integrated-account/connect/\(oauth.integration)?tenant_id=acme&return_url=\(QueryString.escape(returnURL))")
        #expect(connect.status == .ok, "\(connect.text)")
        return try #require(URLComponents(string: connect.json["authorize_url"]?.stringValue ?? ""))
    }

    /// The browser's trip to the consent page: the query the provider redirects back with.
    static func consent(_ url: URLComponents) async throws -> String {
        let answer = try await EmulatorHTTP.send(.GET, try #require(url.string))
        #expect(answer.status == 302)
        let location = try #require(answer.location)
        #expect(location.hasPrefix("https://crm.example.com/oauth/callback?"))
        return String(location.split(separator: "?", maxSplits: 1).last ?? "")
    }

    static func query(of location: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in URLComponents(string: location)?.queryItems ?? [] { result[item.name] = item.value }
        return result
    }

    @Test(arguments: OAuthCase.allCases)
    func connectingCreatesAWorkingAccount(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let url = try await Self.authorizeURL(oauth, h, client)
            #expect(url.scheme == "http" && "\(url.host ?? ""):\(url.port ?? 0)" == h.emulatorURL.replacingOccurrences(of: "http://", with: ""), "the operator's .oauth override")
            #expect(url.path == oauth.oauth["authorize_path"]?.stringValue)
            let items = Self.query(of: url.string ?? "")
            #expect(items["client_id"] == oauth.oauth["client"]?["client_id"]?.stringValue)
            #expect(items["redirect_uri"] == "https://crm.example.com/oauth/callback")
            let scopes = oauth.grants["app_scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(items["scope"] == (scopes.isEmpty ? nil : scopes.joined(separator: " ")), "scope as the mapping declares it")

            let callback = try await client.send(.get, "/oauth/callback?" + (try await Self.consent(url)), headers: [:])
            #expect(callback.status == .found, "\(callback.text)")
            let location = try #require(callback.headers[.location])
            #expect(location.hasPrefix(Self.returnURL + "&"))
            let id = try #require(Self.query(of: location)["integrated_account_id"])
            #expect(await h.tokenCalls(oauth) == 1)

            let account = try await client.send(.get, "/integrated-account/\(id)")
            #expect(account.json["authentication_method"] == .string("oauth"))
            #expect(account.json["tenant_id"] == .string("acme"))
            #expect(account.json["context"]?["oauth"]?["token"]?["access_token"] == .string("[redacted]"))
            #expect(account.json["context"]?["oauth"]?["token"]?["refresh_token"] == .string("[redacted]"))
            #expect(account.json["context"]?["oauth"]?["token"]?["expires_at"]?.stringValue != nil)
            let stored = try await h.storedAccount(id)
            // Values the mapping copies from the token answer (api_domain, location_id ...).
            for (key, value) in oauth.grants["read_only"]?.objectValue ?? [:] where key != "oauth" {
                #expect(stored.context[key] == value, "context.\(key) from the token answer")
            }
            let granted = GrantedScopes.of(stored.context) ?? []
            #expect(granted.isSuperset(of: Set(scopes)))
            let list = try await client.send(.get, h.listURI(account: id))
            #expect(list.status == .ok, "the issued token works: \(list.text)")
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aReusedStateIsRefused(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let query = try await Self.consent(try await Self.authorizeURL(oauth, h, client))
            #expect(try await client.send(.get, "/oauth/callback?" + query, headers: [:]).status == .found)
            let again = try await client.send(.get, "/oauth/callback?" + query, headers: [:])
            #expect(again.status == .badRequest)
            #expect(again.json["error"]?["code"] == .string("invalid_state"))
            #expect(await h.tokenCalls(oauth) == 1, "no second token call")
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aTamperedOrExpiredStateIsRefusedBeforeAnyTokenCall(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let query = Self.query(of: "x?" + (try await Self.consent(try await Self.authorizeURL(oauth, h, client))))
            let state = try #require(query["state"]), code = try #require(query["code"])
            let payload = try #require(state.split(separator: ".").first)
            var forged = try #require(Data(base64Encoded: String(payload).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/").padding(toLength: (payload.count + 3) / 4 * 4, withPad: "=", startingAt: 0)))
            forged = Data(String(decoding: forged, as: UTF8.self).replacingOccurrences(of: "acme", with: "evil").utf8)
            let tampered = forged.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
                + "." + state.split(separator: ".").last!
            let expired = h.server.database.connectStateSigner.sign(ConnectState(tenantID: "acme", integration: oauth.integration, returnURL: Self.returnURL, expiresAt: Date().addingTimeInterval(-1)))
            for bad in [tampered, expired, "not-a-state", ""] {
                let answer = try await client.send(.get, "/oauth/callback?code=\(code)&state=\(QueryString.escape(bad))", headers: [:])
                #expect(answer.status == .badRequest, "\(bad.prefix(20)): \(answer.text)")
                #expect([.string("invalid_state"), .string("invalid_parameter")].contains(answer.json["error"]?["code"] ?? .null))
            }
            #expect(await h.tokenCalls(oauth) == 0, "nothing sent to the provider")
            let accounts = try await client.send(.get, "/integrated-account?tenant_id=acme")
            #expect(accounts.json["result"]?.arrayValue?.isEmpty == true, "no account created")
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aDeclinedConsentRedirectsWithTheErrorAndCreatesNothing(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let url = try await Self.authorizeURL(oauth, h, client)
            _ = try await EmulatorHTTP.send(.POST, "\(h.emulatorURL)/__admin/oauth/deny")
            let callback = try await client.send(.get, "/oauth/callback?" + (try await Self.consent(url)), headers: [:])
            #expect(callback.status == .found)
            let back = Self.query(of: try #require(callback.headers[.location]))
            #expect(back["error"] == oauth.oauth["denial"]?["error"]?.stringValue)
            #expect(back["integrated_account_id"] == nil)
            #expect(await h.tokenCalls(oauth) == 0)
            let accounts = try await client.send(.get, "/integrated-account?tenant_id=acme")
            #expect(accounts.json["result"]?.arrayValue?.isEmpty == true)
        }
    }

    @Test func connectNeedsAnAppATenantAndAReturnURL() async throws {
        let oauth = try #require(OAuthCase.allCases.first)
        try await ProviderHarness.run(oauth.provider) { h, client in
            let noApp = try await client.send(.get, "/integrated-account/connect/\(oauth.integration)?tenant_id=a&return_url=https://x.example/")
            #expect(noApp.json["error"]?["code"] == .string("oauth_app_missing"))
            try await h.putOAuthApp(oauth, client: client)
            for (query, parameter) in [("return_url=https://x.example/", "tenant_id"), ("tenant_id=a", "return_url"), ("tenant_id=a&return_url=javascript:alert(1)", "return_url")] {
                let answer = try await client.send(.get, "/integrated-account/connect/\(oauth.integration)?\(query)")
                #expect(answer.status == .badRequest)
                #expect(answer.json["error"]?["details"]?["parameter"] == .string(parameter))
            }
            let unknown = try await client.send(.get, "/integrated-account/connect/nosuchcrm?tenant_id=a&return_url=https://x.example/")
            #expect(unknown.status == .notFound)
            let unauthenticated = try await client.send(.get, "/integrated-account/connect/\(oauth.integration)?tenant_id=a&return_url=https://x.example/", headers: [:])
            #expect(unauthenticated.status == .unauthorized)
        }
    }

    /// Mappings that route by an account value (Pipedrive `api_domain`) refuse one off their hosts.
    @Test(arguments: OAuthCase.allCases)
    func anAccountBaseURLOffTheAllowedHostsIsRefusedAtImport(oauth: OAuthCase) async throws {
        let mappings = try MappingDirectory.load(repositoryMappings)
        guard let rule = mappings[oauth.integration]?.descriptor.accountBaseURL else { return }
        try await ProviderHarness.run(oauth.provider) { h, client in
            for bad in ["https://evil.example.com", "http://acme.\(rule.allowedHosts[0].replacingOccurrences(of: "*.", with: ""))"] {
                var context = oauth.grants["read_only"] ?? .object([:])
                context.set(.string(bad), at: MappingPath.split(rule.contextPath))
                let created = try await client.send(.post, "/integrated-account", json: .object(["integration": .string(oauth.integration), "tenant_id": .string("t"), "context": context]))
                #expect(created.status == .badRequest, "\(bad)")
                #expect(created.json["error"]?["details"]?["field"] == .string("context.\(rule.contextPath)"))
            }
            #expect(await h.providerRequests().isEmpty, "never called")
        }
    }
}
