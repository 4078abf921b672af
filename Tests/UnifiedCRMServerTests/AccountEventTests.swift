import Foundation
import Testing
import UnifiedCRMCore

/// `GET /integrated-account/{id}/events`: status changes and scope denials, paginated.
@Suite struct AccountEventTests {
    @Test func aProviderRejectingTheCredentialsIsLoggedWithoutTheSecret() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot"), context: .from(#"{"api_key":"pat-wrong-token-123"}"#)) { h, client in
            #expect(try await client.send(.get, h.uri("", "limit=1")).status == .unauthorized)
            let events = try await client.send(.get, "/integrated-account/\(h.accountID)/events")
            #expect(events.status == .ok)
            let event = try #require(events.json["result"]?.arrayValue?.first)
            #expect(event["type"] == .string("status_changed"))
            #expect(event["details"]?["to"] == .string("needs_reauth"))
            #expect(event["details"]?["reason"] == .string("provider_rejected_credentials"))
            #expect(!events.text.contains("pat-wrong-token-123"))
        }
    }

    @Test func statusChangesAndScopeDenialsArePaged() async throws {
        let grants = try ScopeTests.grants(try ProviderCase.named("pipedrive"))
        try await ProviderHarness.run(try ProviderCase.named("pipedrive"), context: grants["read_only"]) { h, client in
            #expect(try await client.send(.post, h.uri(), json: h.createBody(name: "x")).status == .forbidden)
            #expect(try await client.send(.patch, "/integrated-account/\(h.accountID)", json: .from(#"{"status":"disabled"}"#)).status == .ok)
            let first = try await client.send(.get, "/integrated-account/\(h.accountID)/events?limit=1")
            #expect(first.json["result"]?[0]?["type"] == .string("scope_denied"))
            #expect(first.json["result"]?[0]?["details"]?["required_scopes"] == .from(#"["deals:full"]"#))
            let cursor = try #require(first.json["next_cursor"]?.stringValue)
            let second = try await client.send(.get, "/integrated-account/\(h.accountID)/events?limit=1&next_cursor=\(cursor)")
            #expect(second.json["result"]?[0]?["type"] == .string("status_changed"))
            #expect(second.json["result"]?[0]?["details"] == .from(#"{"from":"active","to":"disabled","reason":"admin_api"}"#))
            #expect(second.json["next_cursor"] == .null)
            // A cursor of the account list is not one of this list.
            let accountCursor = AccountCursor.encode(1)
            #expect(try await client.send(.get, "/integrated-account/\(h.accountID)/events?next_cursor=\(accountCursor)").status == .badRequest)
            #expect(try await client.send(.get, "/integrated-account/\(UUID())/events").status == .notFound)
        }
    }
}
extension JSONValue {
    fileprivate subscript(index: Int) -> JSONValue? { arrayValue.flatMap { index < $0.count ? $0[index] : nil } }
}
