import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// A provider that answers from a table of path fragments (first match wins).
private struct TableTransport: ProviderTransport {
    let answers: [(pathContains: String, body: String)]

    func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        let path = URLComponents(string: request.url)?.path ?? ""
        let body = answers.first { path.contains($0.pathContains) }?.body ?? "{}"
        return ProviderResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }
}

/// A server whose HubSpot answers come from `answers`, with one connected HubSpot account.
private func hubSpotServer(_ answers: [(String, String)]) async throws -> (TestServer, String) {
    let mappings = try MappingDirectory.load(repositoryMappings)
    let server = try TestServer(mappings: mappings, caller: ProviderCaller(transport: TableTransport(answers: answers)))
    let account = try await AccountService(database: server.database, catalog: mappings.catalog)
        .create(body: .from(#"{"integration":"hubspot","tenant_id":"t","context":{"api_key":"pat-x"}}"#))
    return (server, account.id.uuidString.lowercased())
}

/// Input from a caller or a provider that used to crash the process or corrupt values.
@Suite struct HostileInputTests {
    @Test func deeplyNestedRequestBodiesAre400AndTheServerLives() async throws {
        // Regression: 100 KB of `[` to /integrated-account killed the server with SIGSEGV.
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.post, "/integrated-account", raw: String(repeating: "[", count: 100_000))
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["code"] == .string("invalid_json"))
            #expect(result.json["error"]?["message"]?.stringValue?.contains("nested deeper than 512") == true)
            #expect(try await client.send(.get, "/ping").status == .ok)
        }
    }

    @Test func aProviderAnswerNestedTooDeeplyIs502() async throws {
        let (server, account) = try await hubSpotServer([("/properties/", #"{"results":[]}"#), ("/pipelines/", #"{"results":[]}"#),
                                                         ("/objects/deals", String(repeating: "[", count: 100_000))])
        try await server.test { client in
            let result = try await client.send(.get, "/unified/crm/opportunities?integrated_account_id=\(account)")
            #expect(result.status == .badGateway)
            #expect(result.json["error"]?["code"] == .string("remote_error"))
            #expect(result.json["error"]?["message"]?.stringValue?.contains("out of bounds") == true)
        }
    }

    @Test func sixtyFourBitIdsComeBackExactly() async throws {
        // Regression: {"id":4150868000001234567} read as "4.1508680000012344e+18".
        let deal = #"{"id":4150868000001234567,"properties":{"dealname":"Big","hubspot_owner_id":9223372036854775807999},"createdAt":"2026-01-02T03:04:05.000Z"}"#
        let (server, account) = try await hubSpotServer([("/properties/", #"{"results":[]}"#), ("/pipelines/", #"{"results":[]}"#), ("/objects/deals", deal)])
        try await server.test { client in
            let result = try await client.send(.get, "/unified/crm/opportunities/4150868000001234567?integrated_account_id=\(account)")
            #expect(result.status == .ok)
            #expect(result.json["id"] == .string("4150868000001234567"))
            #expect(result.json["owner"]?["id"] == .string("9223372036854775807999"))
            #expect(result.json["remote_data"]?["id"]?.scalarText == "4150868000001234567")
            #expect(result.text.contains(#""remote_data":\#(deal)"#), "the provider's bytes pass through untouched")
        }
    }
}

/// Rate-limit headers the mapping declares are repeated on unified responses.
@Suite struct RateLimitResponseHeaderTests {
    private struct LimitedTransport: ProviderTransport {
        let status: Int
        func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
            let body = request.url.contains("/api/v2/deals/") ? #"{"success":true,"data":{"id":7,"title":"T"}}"# : #"{"success":true,"data":[]}"#
            return ProviderResponse(status: status, headers: [("x-ratelimit-limit", "80"), ("x-ratelimit-remaining", "79"), ("x-ratelimit-reset", "2")],
                                    body: Array((status == 200 ? body : #"{"success":false,"error":"slow down"}"#).utf8))
        }
    }

    private func server(_ status: Int) async throws -> (TestServer, String) {
        let mappings = try MappingDirectory.load(repositoryMappings)
        let server = try TestServer(mappings: mappings, caller: ProviderCaller(transport: LimitedTransport(status: status), maxRetryWait: .zero))
        let account = try await AccountService(database: server.database, catalog: mappings.catalog)
            .create(body: .from(#"{"integration":"pipedrive","tenant_id":"t","context":{"api_key":"k-123456"}}"#))
        return (server, account.id.uuidString.lowercased())
    }

    @Test func unifiedAnswersCarryTheProvidersRateLimit() async throws {
        let (server, account) = try await server(200)
        try await server.test { client in
            let result = try await client.send(.get, "/unified/crm/opportunities/7?integrated_account_id=\(account)")
            #expect(result.status == .ok)
            #expect(result.headers[HTTPField.Name("ratelimit-limit")!] == "80")
            #expect(result.headers[HTTPField.Name("ratelimit-remaining")!] == "79")
            #expect(result.headers[HTTPField.Name("ratelimit-reset")!] == "2")
        }
    }

    @Test func soDoRateLimitedErrors() async throws {
        let (server, account) = try await server(429)
        try await server.test { client in
            let result = try await client.send(.get, "/unified/crm/opportunities/7?integrated_account_id=\(account)")
            #expect(result.status == .tooManyRequests)
            #expect(result.headers[HTTPField.Name("ratelimit-remaining")!] == "79")
            #expect(result.headers[.retryAfter] != nil)
        }
    }
}
