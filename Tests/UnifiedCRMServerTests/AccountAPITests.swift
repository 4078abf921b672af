import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

let hubspotBody = JSONValue.from(#"{"integration":"hubspot","tenant_id":"acme","context":{"api_key":"pat-na1-SECRET-hub"}}"#)
let highlevelBody = JSONValue.from(#"{"integration":"highlevel","tenant_id":"acme","context":{"api_key":"hl-SECRET-token","location_id":"loc-1"}}"#)

@Suite struct AccountCreateTests {
    @Test func createReturns201WithRedactedContext() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.post, "/integrated-account", json: highlevelBody)
            #expect(result.status == .created)
            let account = result.json
            #expect(UUID(uuidString: account["id"]?.stringValue ?? "") != nil)
            #expect(account["tenant_id"] == .string("acme"))
            #expect(account["integration"] == .string("highlevel"))
            #expect(account["status"] == .string("active"))
            #expect(account["authentication_method"] == .string("api_key"))
            #expect(account["context"] == .object(["api_key": .string("[redacted]"), "location_id": .string("loc-1")]))
            #expect(account["created_at"]?.stringValue?.hasSuffix("Z") == true)
            #expect(!result.text.contains("SECRET"))
        }
    }

    @Test func oauthContextIsRedactedAtEveryDepth() async throws {
        let server = try TestServer()
        try await server.test { client in
            let body = JSONValue.from(#"{"integration":"hubspot","tenant_id":"t","context":{"oauth":{"token":{"access_token":"AT-SECRET","refresh_token":"RT-SECRET","expires_at":"2030-01-01T00:00:00Z","scope":"crm.objects.deals.read"}}}}"#)
            let result = try await client.send(.post, "/integrated-account", json: body)
            #expect(result.status == .created)
            #expect(result.json["authentication_method"] == .string("oauth"))
            let token = result.json["context"]?["oauth"]?["token"]
            #expect(token?["access_token"] == .string("[redacted]"))
            #expect(token?["refresh_token"] == .string("[redacted]"))
            #expect(token?["scope"] == .string("crm.objects.deals.read"))
            #expect(!result.text.contains("SECRET"))
        }
    }

    @Test(arguments: [
        (#"{"integration":"salesforce-nope","tenant_id":"a","context":{"api_key":"k"}}"#, "integration", "unknown_integration"),
        (#"{"tenant_id":"a","context":{"api_key":"k"}}"#, "integration", "missing_field"),
        (#"{"integration":"hubspot","context":{"api_key":"k"}}"#, "tenant_id", "missing_field"),
        (#"{"integration":"hubspot","tenant_id":"","context":{"api_key":"k"}}"#, "tenant_id", "invalid_field"),
        (#"{"integration":"hubspot","tenant_id":7,"context":{"api_key":"k"}}"#, "tenant_id", "invalid_field"),
        (#"{"integration":"hubspot","tenant_id":"a"}"#, "context", "missing_field"),
        (#"{"integration":"hubspot","tenant_id":"a","context":"k"}"#, "context", "invalid_field"),
        (#"{"integration":"hubspot","tenant_id":"a","context":{}}"#, "context.api_key", "missing_field"),
        (#"{"integration":"highlevel","tenant_id":"a","context":{"api_key":"k"}}"#, "context.location_id", "missing_field"),
        (#"{"integration":"pipedrive","tenant_id":"a","context":{"oauth":{"token":{"access_token":"x"}}}}"#, "context.api_domain", "missing_field"),
    ])
    func createRejectsBadInputNamingTheField(body: String, field: String, code: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.post, "/integrated-account", raw: body)
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["code"] == .string(code))
            #expect(result.json["error"]?["details"]?["field"] == .string(field))
            #expect(result.json["error"]?["message"]?.stringValue?.contains(field) == true)
            // Nothing was stored.
            #expect(try await client.send(.get, "/integrated-account").json["result_count"] == .number(0))
        }
    }

    @Test func unknownIntegrationListsTheKnownOnes() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.post, "/integrated-account", raw: #"{"integration":"nope","tenant_id":"a","context":{}}"#)
            let allowed = result.json["error"]?["details"]?["allowed"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(Set(allowed).isSuperset(of: ["hubspot", "pipedrive", "highlevel"]))
        }
    }

    @Test(arguments: ["{bad", "", "[1,2]", "\"text\""])
    func malformedOrNonObjectBodiesAre400(body: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.post, "/integrated-account", raw: body)
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["code"] == .string("invalid_json"))
        }
    }
}

@Suite struct AccountReadUpdateDeleteTests {
    @Test func getReturnsTheAccountAndUnknownIs404() async throws {
        let server = try TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/integrated-account", json: hubspotBody).json
            let id = created["id"]!.stringValue!
            let fetched = try await client.send(.get, "/integrated-account/\(id)")
            #expect(fetched.status == .ok)
            #expect(fetched.json == created)
            let missing = try await client.send(.get, "/integrated-account/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.json["error"]?["code"] == .string("not_found"))
        }
    }

    @Test(arguments: [HTTPRequest.Method.get, .patch, .delete])
    func malformedUUIDIs400NamingId(method: HTTPRequest.Method) async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(method, "/integrated-account/not-a-uuid", raw: method == .patch ? "{}" : nil)
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["details"]?["field"] == .string("id"))
        }
    }

    @Test func patchMergesContextAndKeepsSecretsOnRedactedPlaceholder() async throws {
        let server = try TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/integrated-account", json: highlevelBody).json
            let id = created["id"]!.stringValue!
            // Sending back the redacted context changes nothing secret; a new key is added.
            let patch = JSONValue.from(#"{"context":{"api_key":"[redacted]","location_id":"loc-2","region":"eu"}}"#)
            let updated = try await client.send(.patch, "/integrated-account/\(id)", json: patch)
            #expect(updated.status == .ok)
            #expect(updated.json["context"] == .object(["api_key": .string("[redacted]"), "location_id": .string("loc-2"), "region": .string("eu")]))
            let stored = try await server.database.account(id: UUID(uuidString: id)!)
            #expect(stored?.context["api_key"] == .string("hl-SECRET-token"))
            // null removes a key.
            let removed = try await client.send(.patch, "/integrated-account/\(id)", json: .from(#"{"context":{"region":null}}"#))
            #expect(removed.json["context"]?["region"] == nil)
            // A new secret replaces the old one.
            _ = try await client.send(.patch, "/integrated-account/\(id)", json: .from(#"{"context":{"api_key":"hl-SECRET-rotated"}}"#))
            #expect(try await server.database.account(id: UUID(uuidString: id)!)?.context["api_key"] == .string("hl-SECRET-rotated"))
        }
    }

    @Test func patchChangesStatusAndTenantAndUpdatedAt() async throws {
        let server = try TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/integrated-account", json: hubspotBody).json
            let id = created["id"]!.stringValue!
            try await Task.sleep(for: .milliseconds(5))
            let updated = try await client.send(.patch, "/integrated-account/\(id)", json: .from(#"{"status":"disabled","tenant_id":"globex"}"#)).json
            #expect(updated["status"] == .string("disabled"))
            #expect(updated["tenant_id"] == .string("globex"))
            #expect(updated["created_at"] == created["created_at"])
            #expect(updated["updated_at"] != created["updated_at"])
        }
    }

    @Test(arguments: [
        (#"{"status":"paused"}"#, "status"),
        (#"{"status":3}"#, "status"),
        (#"{"integration":"pipedrive"}"#, "integration"),
        (#"{"context":"x"}"#, "context"),
        (#"{"context":{"location_id":null}}"#, "context.location_id"),
        (#"{"context":{"api_key":""}}"#, "context.api_key"),
        (#"{"tenant_id":""}"#, "tenant_id"),
    ])
    func patchRejectsBadInputAndChangesNothing(body: String, field: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/integrated-account", json: highlevelBody).json
            let id = created["id"]!.stringValue!
            let result = try await client.send(.patch, "/integrated-account/\(id)", raw: body)
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["details"]?["field"] == .string(field))
            #expect(try await client.send(.get, "/integrated-account/\(id)").json == created)
        }
    }

    @Test func patchUnknownAccountIs404() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.patch, "/integrated-account/\(UUID().uuidString)", json: .from(#"{"status":"active"}"#))
            #expect(result.status == .notFound)
        }
    }

    @Test func deleteRemovesTheAccount() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await client.send(.post, "/integrated-account", json: hubspotBody).json["id"]!.stringValue!
            let deleted = try await client.send(.delete, "/integrated-account/\(id)")
            #expect(deleted.status == .ok)
            #expect(deleted.json["id"] == .string(id))
            #expect(deleted.json["context"]?["api_key"] == .string("[redacted]"))
            #expect(try await client.send(.get, "/integrated-account/\(id)").status == .notFound)
            #expect(try await client.send(.delete, "/integrated-account/\(id)").status == .notFound)
        }
    }

    @Test func refreshCredentialsOfAnAPIKeyAccountIs400() async throws {
        let server = try TestServer()
        try await server.test { client in
            let id = try await client.send(.post, "/integrated-account", json: hubspotBody).json["id"]!.stringValue!
            let result = try await client.send(.post, "/integrated-account/refresh-credentials", json: .object(["id": .string(id)]))
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["code"] == .string("not_oauth_account"))
            let missing = try await client.send(.post, "/integrated-account/refresh-credentials", json: .object([:]))
            #expect(missing.json["error"]?["details"]?["field"] == .string("id"))
            let malformed = try await client.send(.post, "/integrated-account/refresh-credentials", json: .object(["id": .string("zzz")]))
            #expect(malformed.json["error"]?["details"]?["field"] == .string("id"))
            let unknown = try await client.send(.post, "/integrated-account/refresh-credentials", json: .object(["id": .string(UUID().uuidString)]))
            #expect(unknown.status == .notFound)
        }
    }
}
