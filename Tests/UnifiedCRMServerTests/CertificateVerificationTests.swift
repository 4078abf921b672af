import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTLS
import Logging
import NIOSSL
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// Provider calls verify TLS certificates: a provider whose certificate no trusted CA signed is
/// refused (502, nothing read from it), unless the operator trusts its CA (`--provider-ca-file`).
@Suite struct CertificateVerificationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let certificate = fixtures.appendingPathComponent("self-signed-provider.cert.pem").path
    static let key = fixtures.appendingPathComponent("self-signed-provider.key.pem").path

    /// A HubSpot-shaped provider over TLS on a loopback port of `host`, answering one deal. Its
    /// certificate names `127.0.0.1` and `localhost`.
    static func withTLSProvider(host: String = "127.0.0.1", _ body: @Sendable @escaping (String) async throws -> Void) async throws {
        let router = Router()
        router.get("/crm/v3/objects/deals/{id}") { _, context -> Response in
            let id = context.parameters.get("id") ?? ""
            let deal = #"{"id":"\#(id)","properties":{"dealname":"Over TLS"},"createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:00Z","archived":false}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: deal)))
        }
        // Property definitions and pipelines (read beside the deal): none.
        for path in ["/crm/v3/properties/deals", "/crm/v3/pipelines/deals"] {
            router.get(RouterPath(path)) { _, _ -> Response in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"results":[]}"#)))
            }
        }
        let tls = TLSConfiguration.makeServerConfiguration(certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                                                            privateKey: .file(key))
        var logger = Logger(label: "tls-provider")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, server: try .tls(.http1(), tlsConfiguration: tls), configuration: .init(address: .hostname(host, port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var port = 0
            for await p in ports { port = p; break }
            do { try await body("https://\(host):\(port)") } catch { group.cancelAll(); throw error }
            group.cancelAll()
        }
    }

    func read(through transport: any ProviderTransport, provider: String) async throws -> JSONResult {
        let caller = ProviderCaller(transport: transport, baseURLOverrides: ["hubspot": provider], timeout: .seconds(30), maxRetryWait: .seconds(0))
        let server = try TestServer(mappings: try MappingDirectory.load(repositoryMappings), caller: caller)
        let account = try await AccountService(database: server.database, catalog: server.dependencies.catalog)
            .create(body: .from(#"{"integration": "hubspot", "tenant_id": "tls", "context": {"api_key": "pat-tls"}}"#))
        return try await server.test { client in
            try await client.send(.get, "/unified/crm/opportunities/7?integrated_account_id=\(account.id.uuidString.lowercased())")
        }
    }

    @Test func aSelfSignedProviderIsRefusedUnlessItsCAIsTrusted() async throws {
        try await Self.withTLSProvider { provider in
            let refused = try await read(through: PooledProviderTransport.shared, provider: provider)
            #expect(refused.status == .badGateway, "\(refused.text)")
            #expect(refused.json["error"]?["code"] == .string("provider_unreachable"))
            #expect(!refused.text.contains("Over TLS"), "nothing read from the untrusted provider")

            let trusted = try await read(through: try PooledProviderTransport.trusting(caFile: Self.certificate), provider: provider)
            #expect(trusted.status == .ok, "\(trusted.text)")
            #expect(trusted.json["name"] == .string("Over TLS"))
        }
    }

    /// A trusted CA does not make any certificate good for any address: the certificate must name
    /// the address called (127.0.0.2 is loopback too, but the certificate names 127.0.0.1).
    @Test func aTrustedCertificateForAnotherAddressIsRefused() async throws {
        try await Self.withTLSProvider(host: "127.0.0.2") { provider in
            let refused = try await read(through: try PooledProviderTransport.trusting(caFile: Self.certificate), provider: provider)
            #expect(refused.status == .badGateway, "\(refused.text)")
            #expect(refused.json["error"]?["code"] == .string("provider_unreachable"))
            #expect(!refused.text.contains("Over TLS"), "nothing read from a provider whose certificate names another address")
        }
    }

    @Test func aCAFileThatHoldsNoCertificateIsAStartupError() throws {
        #expect(throws: ProviderCAError.self) { try PooledProviderTransport.trusting(caFile: Self.key) }
        #expect(throws: ProviderCAError.self) { try PooledProviderTransport.trusting(caFile: "/nonexistent/ca.pem") }
    }
}

