import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// Regressions for what `fuzz/run` (schemathesis against the OpenAPI spec) found.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// Found: `GET /integrated-account/refresh-credentials` answered 405 with
    /// `Allow: DELETE, GET, PATCH, POST` — the `{id}` route's methods leaked in, so the Allow header
    /// listed the very method it refused. The router prefers the literal segment, and so must Allow.
    @Test func allowHeaderPrefersLiteralSegments() async throws {
        try await TestServer().test { client in
            for method: HTTPRequest.Method in [.get, .patch, .delete, .put] {
                let result = try await client.send(method, "/integrated-account/refresh-credentials")
                #expect(result.status == .methodNotAllowed)
                #expect(result.headers[.allow] == "POST")
                #expect(result.json["error"]?["details"]?["allowed"] == .array([.string("POST")]))
            }
            // The parameter route still answers for its own methods.
            let other = try await client.send(.post, "/integrated-account/6f1c5b1e-8f0a-4a55-9a57-0c3c2c7f9a10")
            #expect(other.status == .methodNotAllowed)
            #expect(other.headers[.allow] == "DELETE, GET, PATCH")
        }
    }

    /// Found: `DELETE ...?truto_response_format=raw` on HubSpot passed the provider's 204 through
    /// with `Content-Type: application/json` and no body (not JSON). An empty body has no content type.
    @Test func rawDeleteOf204HasNoContentType() async throws {
        try await ProviderHarness.run(try .named("hubspot")) { harness, client in
            let list = try await client.send(.get, harness.uri("", "limit=1"))
            let id = try #require(list.json["result"]?.arrayValue?.first?["id"]?.stringValue)
            let result = try await client.send(.delete, harness.uri("/\(id)", "truto_response_format=raw"))
            #expect(result.status == .noContent)
            #expect(result.headers[.contentType] == nil)
            #expect(result.text.isEmpty)
        }
    }
}

extension FuzzRegressionTests {
    /// Found once the spec's `redirect_uri` pattern let schemathesis aim at localhost:
    /// `PUT /integration/hubspot/oauth-app` stored `http://localhost/o*\u{0F}©…` (a control
    /// character and non-ASCII, not a URI) with 200. A URI holds only RFC 3986 characters.
    @Test func oauthAppRedirectURIMustBeAURI() async throws {
        try await TestServer().test { client in
            func put(_ redirect: String) async throws -> JSONResult {
                try await client.send(.put, "/integration/hubspot/oauth-app", json: .object([
                    "client_id": .string("abc"), "client_secret": .string("s3cr3t"), "redirect_uri": .string(redirect),
                ]))
            }
            for bad in ["http://localhost/o*\u{0F}\u{A9}h", "https://crm.example.com/cb ack", "https://crm.example.com/caf\u{E9}"] {
                let refused = try await put(bad)
                #expect(refused.status == .badRequest, "\(bad.debugDescription)")
                #expect(refused.json["error"]?["details"]?["field"] == .string("redirect_uri"))
            }
            #expect(try await put("https://crm.example.com/oauth/callback?x=%C3%A9").status == .ok)
            #expect(try await put("http://localhost:8080/oauth/callback").status == .ok)
        }
    }
}
