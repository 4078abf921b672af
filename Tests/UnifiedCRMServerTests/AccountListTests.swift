import Foundation
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

@Suite struct AccountListTests {
    @Test func paginationWalksEveryAccountOnceInCreationOrder() async throws {
        let server = try TestServer()
        try await server.test { client in
            var created: [String] = []
            for i in 0..<23 {
                let body = JSONValue.from(#"{"integration":"hubspot","tenant_id":"t\#(i % 2)","context":{"api_key":"k\#(i)"}}"#)
                created.append(try await client.send(.post, "/integrated-account", json: body).json["id"]!.stringValue!)
            }
            var seen: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let uri = "/integrated-account?limit=5" + (cursor.map { "&next_cursor=\($0)" } ?? "")
                let page = try await client.send(.get, uri).json
                let ids = page["result"]!.arrayValue!.map { $0["id"]!.stringValue! }
                #expect(page["result_count"] == .number(Double(ids.count)))
                seen += ids
                cursor = page["next_cursor"]?.stringValue
                pages += 1
            } while cursor != nil
            #expect(pages == 5)
            #expect(seen == created)
        }
    }

    @Test func filtersByTenantAndIntegration() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.send(.post, "/integrated-account", json: hubspotBody)
            _ = try await client.send(.post, "/integrated-account", json: highlevelBody)
            _ = try await client.send(.post, "/integrated-account", json: .from(#"{"integration":"hubspot","tenant_id":"globex","context":{"api_key":"k"}}"#))
            let acme = try await client.send(.get, "/integrated-account?tenant_id=acme").json
            #expect(acme["result_count"] == .number(2))
            let hubspot = try await client.send(.get, "/integrated-account?integration=hubspot").json
            #expect(hubspot["result_count"] == .number(2))
            let both = try await client.send(.get, "/integrated-account?integration=hubspot&tenant_id=globex").json
            #expect(both["result"]?.arrayValue?.first?["tenant_id"] == .string("globex"))
            #expect(both["result_count"] == .number(1))
            #expect(both["next_cursor"] == .null)
        }
    }

    @Test(arguments: ["limit=0", "limit=abc", "limit=1001", "next_cursor=garbage!", "integration=nope"])
    func badParametersAre400NamingThem(query: String) async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.get, "/integrated-account?\(query)")
            #expect(result.status == .badRequest)
            let name = String(query.split(separator: "=")[0])
            let named = result.json["error"]?["details"]?["parameter"] ?? result.json["error"]?["details"]?["field"]
            #expect(named == .string(name))
        }
    }
}
