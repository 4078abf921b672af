import HTTPTypes
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

@Suite struct AuthTests {
    @Test func missingTokenIsRejectedWithContractErrorShape() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.get, "/integrated-account", headers: [:])
            #expect(result.status == .unauthorized)
            #expect(result.json["error"]?["status"] == .number(401))
            #expect(result.json["error"]?["code"] == .string("unauthorized"))
            #expect(result.json["error"]?["details"] == .object([:]))
            #expect(result.headers[.wwwAuthenticate] == "Bearer")
        }
    }

    @Test func wrongTokenIsRejected() async throws {
        let server = try TestServer()
        try await server.test { client in
            for header in ["Bearer wrong", "Bearer \(testToken)x", "Basic \(testToken)", testToken] {
                let result = try await client.send(.get, "/integrated-account", headers: [.authorization: header])
                #expect(result.status == .unauthorized, "\(header)")
            }
        }
    }

    @Test func rightTokenIsAccepted() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.get, "/integrated-account")
            #expect(result.status == .ok)
            #expect(result.json["result"] == .array([]))
        }
    }

    @Test func pingAndHealthNeedNoToken() async throws {
        let server = try TestServer()
        try await server.test { client in
            #expect(try await client.send(.get, "/ping", headers: [:]).status == .ok)
            let health = try await client.send(.get, "/health", headers: [:])
            #expect(health.status == .ok)
            #expect(health.json["database"] == .string("ok"))
        }
    }

    @Test func metricsNeedTheToken() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.get, "/metrics", headers: [:])
            #expect(result.status == .unauthorized)
        }
    }
}
