import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A provider with one guarded route, enough to see the kit's shell at work.
private final class EchoProvider: ProviderEmulator {
    let basics = EmulatorBasics(integration: "echo")

    func addRoutes(to router: Router<BasicRequestContext>) {
        let guarded = RouteGuard(
            reject: { [Credential.bearer, .header("x-api-token"), .query("api_token")].accept("secret", in: $0) ? nil : FakeJSON.response(.unauthorized, ["error": "no"]) },
            internalError: { _ in FakeJSON.response(.internalServerError, ["error": "boom"]) })
        router.on(.get, "/things", guarded) { _, _ in FakeJSON.response(.ok, ["things": [1, 2]]) }
    }
}

@Suite struct FaultInjectionTests {
    private func withProvider(_ body: @Sendable (EchoProvider, any TestClientProtocol) async throws -> Void) async throws {
        let provider = EchoProvider()
        let app = Application(router: EmulatorServer(provider).router())
        try await app.test(.router) { client in try await body(provider, client) }
    }

    @Test func queuedRateLimitsAnswer429WithRetryAfterThenTheRouteAnswers() async throws {
        try await withProvider { provider, client in
            let queued = try await client.execute(uri: "/__admin/faults", method: .post, headers: [.contentType: "application/json"],
                                                  body: ByteBuffer(string: #"{"kind":"status","status":429,"retry_after":7,"count":2}"#)) { $0.status }
            #expect(queued == .created)
            for _ in 0..<2 {
                try await client.execute(uri: "/things?api_token=secret", method: .get) { response in
                    #expect(response.status == .tooManyRequests)
                    #expect(response.headers[.retryAfter] == "7")
                }
            }
            try await client.execute(uri: "/things?api_token=secret", method: .get) { #expect($0.status == .ok) }
            // Admin calls are not recorded; the three provider calls are.
            #expect(await provider.recorder.count == 3)
        }
    }

    @Test func serverErrorsAndClearing() async throws {
        try await withProvider { provider, client in
            await provider.faults.add(Fault(kind: .status, status: 503, count: 5))
            try await client.execute(uri: "/things", method: .get, headers: [.authorization: "Bearer secret"]) { #expect($0.status == .serviceUnavailable) }
            try await client.execute(uri: "/__admin/faults", method: .delete) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/things", method: .get, headers: [.authorization: "bearer  secret"]) { #expect($0.status == .ok) }
        }
    }

    @Test func credentialsAreCheckedInEveryDeclaredPlace() async throws {
        try await withProvider { _, client in
            try await client.execute(uri: "/things", method: .get, headers: [HTTPField.Name("x-api-token")!: "secret"]) { #expect($0.status == .ok) }
            try await client.execute(uri: "/things", method: .get, headers: [.authorization: "Bearer other"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/things?api_token=wrong", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test func faultsPlayInOrderAndCountDown() async {
        let queue = FaultQueue()
        await queue.add(.rateLimited(retryAfter: 1, count: 2))
        await queue.add(Fault(kind: .slow, delayMilliseconds: 5))
        #expect(await queue.queued.map(\.count) == [2, 1])
        await queue.add(Fault(kind: .reset, count: 0))
        #expect(await queue.queued.count == 2)
    }
}
