import Foundation
import GRDB
import Testing
import UnifiedCRMCore

private func compile(_ edit: (inout JSONValue) -> Void) -> (ProviderMapping?, [MappingDiagnostic]) {
    var json = (try? JSONValue.parse(Data(validMapping.utf8))) ?? .null
    edit(&json)
    return MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas)
}

/// A valid `auth.oauth` with a flow; tests break one part of it.
private let oauthMethod = JSONValue.from(#"""
{"requires": ["oauth.token.access_token"], "headers": {"Authorization": "Bearer {context.oauth.token.access_token}"},
 "authorize": {"url": "https://auth.tiny.example/authorize", "scope_param": "scope", "scope_separator": ",", "params": {"response_type": "code"}},
 "token": {"url": "https://auth.tiny.example/token", "encoding": "form", "client_auth": "basic", "params": {"user_type": "Location"},
           "scope_field": "granted", "context": {"tiny_id": "account.id"},
           "invalid_grant": [{"status": 400, "path": "error", "values": ["invalid_grant"]}, {"path": "message", "prefixes": ["Invalid grant"]}]}}
"""#)

private let app = OAuthApp(integration: "tiny", clientID: "cid", clientSecret: "s3cret", redirectURI: "https://crm.example/oauth/callback",
                           scopes: ["deals.read", "deals.write"], createdAt: Date(), updatedAt: Date())

@Suite struct OAuthMappingTests {
    func flow() throws -> OAuthFlow {
        let (mapping, diagnostics) = compile { $0.set(oauthMethod, at: ["auth", "oauth"]) }
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        return try #require(mapping?.authMethods["oauth"]?.flow)
    }

    @Test func theConsentURLCarriesTheAppTheScopesAsDeclaredAndTheState() throws {
        let url = try flow().authorizationURL(app: app, state: "S.T", override: "http://127.0.0.1:9999")
        #expect(url == "http://127.0.0.1:9999/authorize?client_id=cid&redirect_uri=https%3A%2F%2Fcrm.example%2Foauth%2Fcallback&scope=deals.read%2Cdeals.write&response_type=code&state=S.T")
    }

    @Test func aRefreshIsAFormPostWithBasicClientAuthAndTheDeclaredParameters() throws {
        let request = try flow().tokenRequest(.refreshToken("rt/1"), app: app, override: nil)
        #expect(request.method == "POST" && request.url == "https://auth.tiny.example/token")
        #expect(String(decoding: request.body ?? [], as: UTF8.self) == "grant_type=refresh_token&refresh_token=rt%2F1&user_type=Location")
        #expect(request.headers.contains { $0 == ("Authorization", "Basic " + Data("cid:s3cret".utf8).base64EncodedString()) })
        #expect(request.headers.contains { $0 == ("Content-Type", "application/x-www-form-urlencoded") })
    }

    @Test func aCodeExchangeInTheBodyAsJSON() throws {
        var flow = try flow()
        flow.token.encoding = .json
        flow.token.clientAuthentication = .body
        let request = flow.tokenRequest(.authorizationCode("c1"), app: app, override: nil)
        let body = try JSONValue.parse(Data(request.body ?? []))
        #expect(body == .from(#"{"grant_type":"authorization_code","code":"c1","redirect_uri":"https://crm.example/oauth/callback","client_id":"cid","client_secret":"s3cret","user_type":"Location"}"#))
        #expect(!request.headers.contains { $0.0 == "Authorization" })
    }

    @Test func invalidGrantRulesMatchStatusAndValueOrPrefix() throws {
        let flow = try flow()
        func answer(_ status: Int, _ body: String) -> ProviderResponse { ProviderResponse(status: status, headers: [], body: Array(body.utf8)) }
        #expect(flow.invalidGrantCode(in: answer(400, #"{"error":"invalid_grant"}"#)) == "invalid_grant")
        #expect(flow.invalidGrantCode(in: answer(401, #"{"error":"invalid_grant"}"#)) == nil, "status must match")
        #expect(flow.invalidGrantCode(in: answer(401, #"{"message":"Invalid grant: refresh token is invalid"}"#)) == "Invalid grant: refresh token is invalid")
        #expect(flow.invalidGrantCode(in: answer(500, #"{"message":"Location is not active"}"#)) == nil)
        #expect(flow.invalidGrantCode(in: answer(400, "not json")) == nil)
    }

    @Test func aTokenAnswerBecomesTheContext() throws {
        let now = Date(epochMilliseconds: 1_767_225_600_000)
        let body = JSONValue.from(#"{"access_token":"AT","expires_in":1800,"granted":["a","b"],"account":{"id":7},"token_type":"bearer"}"#)
        let previous = JSONValue.from(#"{"oauth":{"token":{"access_token":"old","refresh_token":"RT"}},"keep":1}"#)
        let context = try OAuthToken.context(previous, applying: body, flow: try flow(), now: now, provider: "tiny")
        #expect(context == .from(#"{"oauth":{"token":{"access_token":"AT","refresh_token":"RT","expires_at":"2026-01-01T00:30:00.000Z","scope":"a b","token_type":"bearer"}},"keep":1,"tiny_id":7}"#))
        #expect(OAuthToken.isDue(context, now: now.addingTimeInterval(1739)) == false)
        #expect(OAuthToken.isDue(context, now: now.addingTimeInterval(1741)) == true, "60 s before expiry")
        #expect(throws: APIError.self) { try OAuthToken.context(previous, applying: .from(#"{"error":"x"}"#), flow: try flow(), now: now, provider: "tiny") }
    }

    @Test(arguments: [
        (["auth", "oauth", "authorize", "scope"], JSONValue.string("x"), "$.auth.oauth.authorize.scope"),
        (["auth", "oauth", "token", "url"], .string("http://auth.tiny.example/token"), "$.auth.oauth.token.url"),
        (["auth", "oauth", "token", "encoding"], .string("xml"), "$.auth.oauth.token.encoding"),
        (["auth", "oauth", "token", "client_auth"], .string("jwt"), "$.auth.oauth.token.client_auth"),
        (["auth", "oauth", "token", "params", "client_secret"], .string("x"), "$.auth.oauth.token.params.client_secret"),
        (["auth", "oauth", "token", "context", "oauth.token.access_token"], .string("x"), "$.auth.oauth.token.context.oauth.token.access_token"),
        (["auth", "oauth", "token", "invalid_grant"], .array([]), "$.auth.oauth.token.invalid_grant"),
        (["auth", "oauth", "authorize", "scope_separator"], .string(";"), "$.auth.oauth.authorize.scope_separator"),
        (["account_base_url"], .from(#"{"context":"api_domain","allowed_hosts":["https://x.example"]}"#), "$.account_base_url.allowed_hosts"),
    ])
    func aBadFlowIsADiagnosticAtItsPath(path: [String], value: JSONValue, at: String) {
        let (mapping, diagnostics) = compile { json in
            json.set(oauthMethod, at: ["auth", "oauth"])
            json.set(value, at: path)
        }
        #expect(mapping == nil)
        #expect(diagnostics.contains { $0.path == at }, "\(diagnostics.map(\.description))")
    }

    @Test func authorizeWithoutTokenIsRefused() {
        let (_, diagnostics) = compile { json in
            var method = oauthMethod
            method.set(.null, at: ["token"])
            json.set(.object(method.objectValue!.filter { $0.key != "token" }), at: ["auth", "oauth"])
        }
        #expect(diagnostics.contains { $0.path == "$.auth.oauth" && $0.code == "missing" })
    }

    @Test func anAccountBaseURLMustBeAnHTTPSOriginOnAnAllowedHost() throws {
        let rule = AccountBaseURL(contextPath: "api_domain", allowedHosts: ["*.pipedrive.com"])
        for good in ["https://acme.pipedrive.com", "https://eu.acme.pipedrive.com/", "https://ACME.pipedrive.com"] {
            #expect(throws: Never.self) { try rule.validate(context: .object(["api_domain": .string(good)])) }
        }
        for bad in ["http://acme.pipedrive.com", "https://pipedrive.com", "https://acme.pipedrive.com.evil.example", "https://evil.example/acme.pipedrive.com",
                    "https://user@acme.pipedrive.com", "https://acme.pipedrive.com/api", "acme.pipedrive.com", "https://acme.pipedrive.com?x=1"] {
            #expect(throws: APIError.self, "\(bad)") { try rule.validate(context: .object(["api_domain": .string(bad)])) }
        }
        #expect(throws: Never.self) { try rule.validate(context: .object([:])) }
        #expect(rule.url(in: .object(["api_domain": .string("https://acme.pipedrive.com/")])) == "https://acme.pipedrive.com")
        // The served OpenAPI's pattern accepts what validate accepts (lower-case hosts) and refuses the rest.
        let regex = try NSRegularExpression(pattern: rule.originPattern)
        func matches(_ text: String) -> Bool { regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        #expect(matches("https://acme.pipedrive.com") && matches("https://eu.acme.pipedrive.com/"))
        for bad in ["http://acme.pipedrive.com", "https://pipedrive.com", "https://acme.pipedrive.com.evil.example", "https://acme.pipedrive.com/api"] {
            #expect(!matches(bad), "\(bad)")
        }
    }

    @Test func aConnectStateIsSignedExpiringAndBoundToItsKey() throws {
        let key = EncryptionKey.random()
        let signer = ConnectStateSigner(encryptionKey: key)
        let state = ConnectState(tenantID: "acme", integration: "tiny", returnURL: "https://app.example/done", expiresAt: Date().addingTimeInterval(600))
        let text = signer.sign(state)
        #expect(try signer.verify(text) == state)
        #expect(throws: APIError.self) { try ConnectStateSigner(encryptionKey: .random()).verify(text) }
        #expect(throws: APIError.self) { try signer.verify(text, now: Date().addingTimeInterval(601)) }
        #expect(throws: APIError.self) { try signer.verify(String(text.dropLast())) }
        #expect(throws: APIError.self) { try signer.verify(String(repeating: "a", count: 10_000)) }
    }

    @Test func aStateIsUsedOnce() async throws {
        for store in [InMemoryOAuthStateStore() as any OAuthStateStore, try AppDatabase(writer: DatabaseQueue(), encryptionKey: .random())] {
            let expiry = Date().addingTimeInterval(600)
            #expect(try await store.consumeState(nonce: "n1", expiresAt: expiry))
            #expect(try await store.consumeState(nonce: "n1", expiresAt: expiry) == false)
            #expect(try await store.consumeState(nonce: "n2", expiresAt: expiry))
        }
    }
}
