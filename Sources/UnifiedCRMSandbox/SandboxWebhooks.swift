import AsyncHTTPClient
import Foundation
import NIOHTTP1
import ProviderEmulators
import UnifiedCRMCore
import UnifiedCRMServer

/// Connects each emulator's webhooks to the sandbox server the way its mapping says the provider's
/// are set up: app-level ones at the emulator's admin hook (the OAuth app's secret or the
/// emulator's public key given to the server), per-account ones registered by the server.
enum SandboxWebhooks {
    static func connect(_ providers: [SandboxProvider], emulatorURLs: [String: String], serverURL: String, dependencies: AppDependencies,
                        accounts: [(String, String)]) async throws {
        dependencies.publicOrigin.set(serverURL)
        guard let inbound = dependencies.inbound else { return }
        for provider in providers {
            guard let spec = inbound.unified.mappings.mappings[provider.integration]?.webhooks, let emulator = emulatorURLs[provider.integration] else { continue }
            if case .ed25519 = spec.verification, var app = try await dependencies.oauthApps.oauthApp(integration: provider.integration) {
                app.webhookPublicKey = try await call(.GET, emulator + "/__admin/webhooks/public-key")["public_key_pem"]?.stringValue
                try await dependencies.oauthApps.putOAuthApp(app)
            }
            switch spec.endpoint {
            case .integration:
                _ = try await call(.PUT, emulator + "/__admin/webhooks", body: .object(["target_url": .string("\(serverURL)/webhooks/\(provider.integration)")]))
            case .account:
                for (integration, id) in accounts where integration == provider.integration {
                    if let uuid = UUID(uuidString: id), let account = try await dependencies.database.account(id: uuid) { await inbound.setup.prepare(account) }
                }
            }
        }
    }

    private static func call(_ method: HTTPMethod, _ url: String, body: JSONValue? = nil) async throws -> JSONValue {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.body = .bytes(JSONWriter.encode(body))
            request.headers.add(name: "Content-Type", value: "application/json")
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        guard (200..<300).contains(Int(response.status.code)) else { throw FixtureError("\(method) \(url) answered \(response.status.code)") }
        return (try? JSONParser.parse(Array(bytes.readableBytesView), limits: .providerResponse)) ?? .null
    }
}
