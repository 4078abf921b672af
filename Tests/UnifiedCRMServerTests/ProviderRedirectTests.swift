import FakeProviderKit
import Foundation
import Hummingbird
import Synchronization
import Testing
import UnifiedCRMCore

/// Provider calls and webhook deliveries never follow a redirect: the 3xx comes back as the
/// answer, and what it points at is not requested (it could be an internal address).
@Suite struct ProviderRedirectTests {
    @Test(arguments: [false, true])
    func aRedirectIsAnsweredNotFollowed(webhookClient: Bool) async throws {
        let hits = Mutex(0)
        let router = Router()
        router.get("/moved") { _, _ in Response(status: .found, headers: [.location: "/internal"]) }
        router.post("/moved") { _, _ in Response(status: .temporaryRedirect, headers: [.location: "/internal"]) }
        router.on("/internal", method: .get) { _, _ in hits.withLock { $0 += 1 }; return Response(status: .ok) }
        router.on("/internal", method: .post) { _, _ in hits.withLock { $0 += 1 }; return Response(status: .ok) }
        try await LoopbackServer.run(router) { port in
            let transport: any ProviderTransport = webhookClient ? HTTPClientTransport(client: WebhookHTTPClient.shared) : PooledProviderTransport.shared
            for method in ["GET", "POST"] {
                let answer = try await transport.send(ProviderRequest(method: method, url: "http://127.0.0.1:\(port)/moved", headers: [], body: method == "POST" ? Array("{}".utf8) : nil), timeout: .seconds(30))
                #expect((300..<400).contains(answer.status), "\(method) → \(answer.status)")
            }
            #expect(hits.withLock { $0 } == 0, "the redirect target was never requested")
        }
    }
}
