import Foundation
import HummingbirdTesting
import ProviderEmulators
import Testing
import UnifiedCRMCore

/// Token refresh against each emulator's OAuth server: before expiry, after a 401, under a storm
/// of concurrent requests, with rotated refresh tokens, and when the grant is revoked.
@Suite struct TokenRefreshTests {
    /// An OAuth account whose stored expiry is `storedExpiry` seconds away; the emulator's own
    /// token lives `liveFor` seconds. Answers the account id and the original token pair.
    static func account(_ oauth: OAuthCase, _ h: ProviderHarness, _ client: any TestClientProtocol, storedExpiry: TimeInterval, liveFor: Int) async throws -> (id: String, access: String, refresh: String) {
        try await h.putOAuthApp(oauth, client: client)
        let pair = try await h.grant(oauth, expiresIn: liveFor)
        let id = try await h.createOAuthAccount(oauth, context: oauth.context(access: pair.access, refresh: pair.refresh, expiresAt: Date().addingTimeInterval(storedExpiry), scope: pair.scope), client: client)
        return (id, pair.access, pair.refresh)
    }

    static func events(_ id: String, _ client: any TestClientProtocol) async throws -> [JSONValue] {
        try await client.send(.get, "/integrated-account/\(id)/events").json["result"]?.arrayValue ?? []
    }

    @Test(arguments: OAuthCase.allCases)
    func aTokenAboutToExpireIsRefreshedFirst(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: 30, liveFor: 30)
            let list = try await client.send(.get, h.listURI(account: account.id))
            #expect(list.status == .ok, "\(list.text)")
            #expect(await h.tokenCalls(oauth) == 1)
            let stored = try await h.storedAccount(account.id)
            #expect(OAuthToken.accessToken(stored.context) != account.access)
            #expect(OAuthToken.isDue(stored.context, now: Date()) == false)
            let events = try await Self.events(account.id, client)
            #expect(events.contains { $0["type"] == .string("token_refreshed") && $0["details"]?["reason"] == .string("expiry") })
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aRejectedTokenIsRefreshedOnceAndTheRequestSucceeds(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            // The stored expiry says "valid"; the provider has already expired the token.
            let account = try await Self.account(oauth, h, client, storedExpiry: 3600, liveFor: -10)
            let list = try await client.send(.get, h.listURI(account: account.id))
            #expect(list.status == .ok, "\(list.text)")
            #expect(await h.tokenCalls(oauth) == 1)
            let create = try await client.send(.post, h.uri().replacingOccurrences(of: h.accountID, with: account.id), json: h.createBody(name: "After refresh"))
            #expect(create.status == .created, "\(create.text)")
            #expect(await h.tokenCalls(oauth) == 1, "the new token is used, not refreshed again")
            #expect(try await h.storedAccount(account.id).status == .active)
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func fiftyConcurrentRequestsOnAnExpiredTokenMakeOneTokenCall(oauth: OAuthCase) async throws {
        // What is asserted is one token call and fifty answers, not speed: on a loaded machine the
        // fifty may queue past the default provider deadline, so theirs is long.
        try await ProviderHarness.run(oauth.provider, timeout: .seconds(60)) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: -60, liveFor: -60)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<50 { group.addTask { Int(try await client.send(.get, h.listURI(account: account.id)).status.code) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.count == 50 && statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(await h.tokenCalls(oauth) == 1)
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aRotatedRefreshTokenIsStoredBeforeUseAndSurvivesARestart(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: -60, liveFor: -60)
            #expect(try await client.send(.get, h.listURI(account: account.id)).status == .ok)
            let rotates = oauth.oauth["rotates_refresh_tokens"] == .bool(true)
            // A second process over the same file (a restart) reads what the first one stored.
            let reopened = try AppDatabase(path: h.server.databasePath, encryptionKey: h.server.key)
            let uuid = try #require(UUID(uuidString: account.id))
            let stored = try #require(try await reopened.account(id: uuid))
            let newRefresh = try #require(OAuthToken.refreshToken(stored.context))
            #expect((newRefresh != account.refresh) == rotates, "rotation as the provider does it")
            // The next refresh uses the stored refresh token; with rotation the old one is dead.
            _ = try await EmulatorHTTP.send(.POST, "\(h.emulatorURL)/__admin/oauth/expire")
            #expect(try await client.send(.get, h.listURI(account: account.id)).status == .ok)
            #expect(await h.tokenCalls(oauth) == 2)
            let refreshed = try await client.send(.post, "/integrated-account/refresh-credentials", json: .object(["id": .string(account.id)]))
            #expect(refreshed.status == .ok, "\(refreshed.text)")
            #expect(refreshed.json["context"]?["oauth"]?["token"]?["refresh_token"] == .string("[redacted]"))
            #expect(await h.tokenCalls(oauth) == 3, "refresh-credentials refreshes now")
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aRevokedGrantMarksTheAccountAndSaysWhy(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: -60, liveFor: -60)
            _ = try await EmulatorHTTP.send(.POST, "\(h.emulatorURL)/__admin/oauth/revoke")
            let list = try await client.send(.get, h.listURI(account: account.id))
            #expect(list.status == .unauthorized)
            #expect(list.json["error"]?["code"] == .string("needs_reauth"))
            let again = try await client.send(.get, h.listURI(account: account.id))
            #expect(again.json["error"]?["code"] == .string("needs_reauth"))
            #expect(await h.tokenCalls(oauth) == 1, "a dead grant is not tried again")
            let shown = try await client.send(.get, "/integrated-account/\(account.id)")
            #expect(shown.json["status"] == .string("needs_reauth"))
            let events = try await Self.events(account.id, client)
            let failed = try #require(events.first { $0["type"] == .string("refresh_failed") })
            #expect(failed["details"]?["remote_error"]?.stringValue?.isEmpty == false, "the provider's error code")
            #expect(events.contains { $0["type"] == .string("status_changed") && $0["details"]?["to"] == .string("needs_reauth") })
            let text = String(decoding: JSONValue.array(events).encoded(), as: UTF8.self)
            #expect(!text.contains(account.access) && !text.contains(account.refresh), "no token in the event log")
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func aFailingTokenEndpointKeepsAStillValidToken(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: 30, liveFor: 30)
            await h.emulator.faults.add(Fault(kind: .status, status: 500, count: 1))
            let list = try await client.send(.get, h.listURI(account: account.id))
            #expect(list.status == .ok, "the old token still works: \(list.text)")
            #expect(try await h.storedAccount(account.id).status == .active)
            let events = try await Self.events(account.id, client)
            #expect(events.contains { $0["type"] == .string("refresh_failed") && $0["details"]?["remote_status"] == .integer(500) })
        }
    }

    @Test(arguments: OAuthCase.allCases)
    func theProxyRefreshesARejectedTokenToo(oauth: OAuthCase) async throws {
        try await ProviderHarness.run(oauth.provider) { h, client in
            let account = try await Self.account(oauth, h, client, storedExpiry: 3600, liveFor: -10)
            // HighLevel routes by the account's own location, which the proxy lets through.
            let location = oauth.provider.context["location_id"]?.stringValue.map { "&location_id=\($0)" } ?? ""
            let proxied = try await client.send(.get, "/proxy\(oauth.provider.listPath)?integrated_account_id=\(account.id)&limit=2\(location)")
            #expect(proxied.status == .ok, "\(proxied.text)")
            #expect(await h.tokenCalls(oauth) == 1)
        }
    }
}
