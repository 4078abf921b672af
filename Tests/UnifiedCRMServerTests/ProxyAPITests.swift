import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

/// `/proxy/{path}` against each emulated provider over loopback.
@Suite struct ProxyAPITests {
    private func proxyURI(_ h: ProviderHarness, _ path: String, _ query: String = "") -> String {
        "/proxy\(path)?integrated_account_id=\(h.accountID)" + (query.isEmpty ? "" : "&" + query)
    }

    @Test(arguments: ProviderCase.allCases)
    func aNativeReadPassesThroughWithTheAccountsCredentials(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            // The list route of each provider, as its own API answers it; HighLevel routes by the
            // account's own location, which the proxy lets through.
            let location = provider.context["location_id"]?.stringValue.map { "&location_id=\($0)" } ?? ""
            let result = try await client.send(.get, proxyURI(h, provider.listPath, "limit=2" + location))
            #expect(result.status == .ok)
            #expect(result.json[provider.rawListRoot]?.arrayValue?.isEmpty == false, "the provider's own envelope, unmapped")
            #expect(result.json["result"] == nil)
            let sent = try #require(await h.providerRequests().last)
            #expect(sent.path == provider.listPath)
            #expect(!sent.query.contains("integrated_account_id"), "our own parameter is not forwarded")
            #expect(sent.query.contains("limit=2"))
        }
    }

    @Test func providerErrorsComeBackAsTheProviderSentThem() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let missing = try await client.send(.get, proxyURI(h, "/crm/v3/objects/deals/999999999"))
            #expect(missing.status == .notFound)
            #expect(missing.json["error"] == nil, "not our error shape")
            #expect(missing.json["category"] != nil || missing.json["message"] != nil, "HubSpot's own error body")
        }
    }

    @Test func aNativeWriteSendsTheBodyAsIs() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let body = #"{"properties":{"dealname":"Proxied deal","amount":"10"}}"#
            let created = try await client.send(.post, proxyURI(h, "/crm/v3/objects/deals"), raw: body)
            #expect(created.status == .created)
            #expect(created.json["properties"]?["dealname"] == .string("Proxied deal"))
            let sent = try #require(await h.providerWrites().last)
            #expect(String(decoding: sent.body, as: UTF8.self) == body)
            #expect(sent.headers.first { $0.key.lowercased() == "content-type" }?.value == "application/json")
        }
    }

    @Test(arguments: ["/../admin", "/%2e%2e/admin", "//evil.example/x", "/http:%2F%2Fevil.example", "/crm/a%2F..%2Fb", "/crm/./deals", "/crm/a%5C..", "/crm/%00"])
    func pathsThatWouldLeaveTheBaseURLAre400AndNothingIsSent(path: String) async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let result = try await client.send(.get, proxyURI(h, path))
            #expect(result.status == .badRequest, "\(path)")
            #expect(result.json["error"]?["details"]?["parameter"] == .string("path"))
            #expect(await h.providerRequests().isEmpty)
        }
    }

    @Test func authAndRoutingQueryKeysCannotBeSet() async throws {
        try await ProviderHarness.run(try ProviderCase.named("pipedrive")) { h, client in
            let result = try await client.send(.get, proxyURI(h, "/api/v2/deals", "api_token=someone-else"))
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["details"]?["parameter"] == .string("api_token"))
            #expect(await h.providerRequests().isEmpty)
        }
    }

    @Test func aRoutingParameterMayOnlyNameTheAccountsOwnValue() async throws {
        try await ProviderHarness.run(try ProviderCase.named("highlevel")) { h, client in
            let result = try await client.send(.get, proxyURI(h, "/opportunities/search", "location_id=someoneElsesLocation"))
            #expect(result.status == .badRequest)
            #expect(result.json["error"]?["details"]?["parameter"] == .string("location_id"))
            #expect(await h.providerRequests().isEmpty)
        }
    }

    @Test func unknownAccountsAndMissingAccountIdsAreOurErrors() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let noAccount = try await client.send(.get, "/proxy/crm/v3/objects/deals")
            let unknown = try await client.send(.get, "/proxy/crm/v3/objects/deals?integrated_account_id=\(UUID())")
            let noToken = try await client.send(.get, "/proxy/crm/v3/objects/deals?integrated_account_id=\(h.accountID)", headers: [:])
            #expect(noAccount.status == .badRequest)
            #expect(unknown.status == .notFound)
            #expect(noToken.status == .unauthorized)
            #expect(await h.providerRequests().isEmpty)
        }
    }
}
