import Foundation
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

@Suite struct OAuthAppTests {
    let app = JSONValue.from(#"{"client_id":"hub-client","client_secret":"hub-secret-value-123","redirect_uri":"https://crm.example.com/oauth/callback","scopes":["crm.objects.deals.read","crm.objects.deals.write"]}"#)

    @Test func theSecretIsStoredSealedAndNeverShown() async throws {
        let server = try TestServer()
        try await server.test { client in
            #expect(try await client.send(.get, "/integration/hubspot/oauth-app").status == .notFound)
            let put = try await client.send(.put, "/integration/hubspot/oauth-app", json: app)
            #expect(put.status == .ok)
            #expect(put.json["client_secret"] == .string("[redacted]"))
            #expect(put.json["scopes"] == .from(#"["crm.objects.deals.read","crm.objects.deals.write"]"#))
            let get = try await client.send(.get, "/integration/hubspot/oauth-app")
            #expect(get.json["client_id"] == .string("hub-client"))
            #expect(!get.text.contains("hub-secret-value-123"))
            // What was read back can be sent again: "[redacted]" keeps the stored secret.
            var again = get.json
            again.remove(at: ["integration"]); again.remove(at: ["created_at"]); again.remove(at: ["updated_at"])
            #expect(try await client.send(.put, "/integration/hubspot/oauth-app", json: again).status == .ok)
        }
        #expect(try await (server.database as any OAuthAppStore).oauthApp(integration: "hubspot")?.clientSecret == "hub-secret-value-123")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: server.databasePath)) + ((try? Data(contentsOf: URL(fileURLWithPath: server.databasePath + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("hub-secret-value-123".utf8)) == nil, "sealed at rest")
        #expect(!server.logs.all.contains("hub-secret-value-123"), "never logged")
    }

    @Test func badAppsAre400NamingTheField() async throws {
        let server = try TestServer()
        try await server.test { client in
            func put(_ change: (inout JSONValue) -> Void, integration: String = "hubspot") async throws -> JSONResult {
                var body = app
                change(&body)
                return try await client.send(.put, "/integration/\(integration)/oauth-app", json: body)
            }
            let http = try await put { $0.set(.string("http://crm.example.com/cb"), at: ["redirect_uri"]) }
            #expect(http.status == .badRequest && http.json["error"]?["details"]?["field"] == .string("redirect_uri"))
            let secretless = try await put { $0.set(.string("[redacted]"), at: ["client_secret"]) }
            #expect(secretless.json["error"]?["details"]?["field"] == .string("client_secret"), "nothing stored to keep yet")
            let extra = try await put { $0.set(.string("x"), at: ["token_url"]) }
            #expect(extra.json["error"]?["details"]?["field"] == .string("token_url"))
            let scopes = try await put { $0.set(.from(#"[""]"#), at: ["scopes"]) }
            #expect(scopes.json["error"]?["details"]?["field"] == .string("scopes"))
            #expect(try await put({ _ in }, integration: "nosuchcrm").status == .notFound)
            let local = try await put { $0.set(.string("http://localhost:8080/oauth/callback"), at: ["redirect_uri"]) }
            #expect(local.status == .ok, "http is fine on localhost")
            let rsa = try await put { $0.set(.string("-----BEGIN PUBLIC KEY-----\nMIICIjANBgkqhkiG9w0BAQEFAAOCAg8AMIICCgKCAgEAokvo\n-----END PUBLIC KEY-----"), at: ["webhook_public_key"]) }
            #expect(rsa.status == .badRequest && rsa.json["error"]?["details"]?["field"] == .string("webhook_public_key"), "an Ed25519 key only")
            let key = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAi2HR1srL4o18O8BRa7gVJY7G7bupbN3H9AwJrHCDiOg=\n-----END PUBLIC KEY-----\n"
            let ed = try await put { $0.set(.string(key), at: ["webhook_public_key"]) }
            #expect(ed.status == .ok && ed.json["webhook_public_key"] == .string(key))
        }
    }
}
