import AsyncHTTPClient
import Foundation
import HummingbirdTesting
import NIOCore
import NIOHTTP1
import Testing
import UnifiedCRMCore

/// A provider whose emulator plays an OAuth server (`fixtures/oauth.json`), with what the OAuth
/// tests need from its fixtures: the emulator's registered client and the scopes an app requests.
struct OAuthCase: CustomTestStringConvertible, Sendable {
    let provider: ProviderCase
    /// `fixtures/oauth.json`.
    let oauth: JSONValue
    /// `fixtures/oauth-grants.json`.
    let grants: JSONValue
    var testDescription: String { provider.integration }

    static let allCases: [OAuthCase] = ProviderCase.allCases.compactMap { provider in
        let folder = URL(fileURLWithPath: repositoryMappings).appendingPathComponent("\(provider.integration)/fixtures")
        guard let oauth = try? JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("oauth.json"))),
              let grants = try? JSONValue.parse(Data(contentsOf: folder.appendingPathComponent("oauth-grants.json"))) else { return nil }
        return OAuthCase(provider: provider, oauth: oauth, grants: grants)
    }

    var integration: String { provider.integration }
    var tokenPath: String { oauth["token_path"]?.stringValue ?? "" }

    /// The OAuth app body for `PUT /integration/{integration}/oauth-app`.
    var appBody: JSONValue {
        .object(["client_id": oauth["client"]?["client_id"] ?? .null, "client_secret": oauth["client"]?["client_secret"] ?? .null,
                 "redirect_uri": .string("https://crm.example.com/oauth/callback"), "scopes": grants["app_scopes"] ?? .array([])])
    }

    /// An OAuth context holding `access`/`refresh` that expires at `expiresAt`, with the provider's
    /// other context values (`location_id`, `api_domain`) taken from the read-only grant fixture.
    func context(access: String, refresh: String, expiresAt: Date, scope: JSONValue) -> JSONValue {
        var context = grants["read_only"] ?? .object([:])
        context.set(.object(["access_token": .string(access), "refresh_token": .string(refresh),
                             "expires_at": .string(expiresAt.iso8601Milliseconds), "scope": scope]), at: ["oauth", "token"])
        return context
    }
}

/// Talks to an emulator over loopback without following redirects (the tests read `Location`).
enum EmulatorHTTP {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))

    static func send(_ method: HTTPMethod, _ url: String, json: JSONValue? = nil) async throws -> (status: Int, location: String?, body: JSONValue) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: json.encoded()))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.first(name: "Location"), (try? JSONValue.parse(Data(bytes.readableBytesView))) ?? .null)
    }
}

extension ProviderHarness {
    /// Token-endpoint calls the emulator received.
    func tokenCalls(_ oauth: OAuthCase) async -> Int {
        await providerRequests().filter { $0.method == "POST" && $0.path == oauth.tokenPath }.count
    }

    /// Stores the emulator's client as the integration's OAuth app.
    func putOAuthApp(_ oauth: OAuthCase, client: any TestClientProtocol) async throws {
        let put = try await client.send(.put, "/integration/\(oauth.integration)/oauth-app", json: oauth.appBody)
        #expect(put.status == .ok, "\(put.text)")
    }

    /// A token pair made by the emulator's admin hook, its access token living `expiresIn` seconds.
    func grant(_ oauth: OAuthCase, expiresIn: Int) async throws -> (access: String, refresh: String, scope: JSONValue) {
        // The scopes the app requests (none: the provider grants the app's configured scopes).
        var request: [String: JSONValue] = ["expires_in": .integer(expiresIn)]
        if let scopes = oauth.grants["app_scopes"], scopes.arrayValue?.isEmpty == false { request["scopes"] = scopes }
        let answer = try await EmulatorHTTP.send(.POST, "\(emulatorURL)/__admin/oauth/grants", json: .object(request))
        return (answer.body["access_token"]?.stringValue ?? "", answer.body["refresh_token"]?.stringValue ?? "", answer.body["scope"] ?? .null)
    }

    /// Creates an OAuth account on the server; answers its id.
    func createOAuthAccount(_ oauth: OAuthCase, context: JSONValue, client: any TestClientProtocol) async throws -> String {
        let created = try await client.send(.post, "/integrated-account", json: .object(["integration": .string(oauth.integration), "tenant_id": .string("oauth"), "context": context]))
        #expect(created.status == .created, "\(created.text)")
        return created.json["id"]?.stringValue ?? ""
    }

    /// The stored account, decrypted (what the server would use).
    func storedAccount(_ id: String) async throws -> IntegratedAccount {
        let uuid = try #require(UUID(uuidString: id))
        return try #require(try await server.database.account(id: uuid))
    }

    /// A unified list URI for account `id`.
    func listURI(account id: String) -> String { "/unified/crm/opportunities?integrated_account_id=\(id)&limit=2" }
}
