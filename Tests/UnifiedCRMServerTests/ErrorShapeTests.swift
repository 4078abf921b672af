import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore
@testable import UnifiedCRMServer

@Suite struct ErrorShapeTests {
    @Test func unknownRouteIs404InContractShape() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.get, "/no/such/route")
            #expect(result.status == .notFound)
            let error = result.json["error"]
            #expect(error?["status"] == .number(404))
            #expect(error?["code"] == .string("route_not_found"))
            #expect(error?["message"]?.stringValue?.isEmpty == false)
            #expect(error?["details"] == .object([:]))
        }
    }

    @Test func wrongMethodIs405WithAllowHeader() async throws {
        let server = try TestServer()
        try await server.test { client in
            let result = try await client.send(.put, "/integrated-account/\(UUID().uuidString)", raw: "{}")
            #expect(result.status == .methodNotAllowed)
            #expect(result.json["error"]?["code"] == .string("method_not_allowed"))
            #expect(result.headers[.allow] == "DELETE, GET, PATCH")
            let ping = try await client.send(.post, "/ping", headers: authHeaders)
            #expect(ping.status == .methodNotAllowed)
        }
    }

    @Test func everyResponseCarriesARequestId() async throws {
        let server = try TestServer()
        try await server.test { client in
            let first = try await client.send(.get, "/ping")
            let second = try await client.send(.get, "/nope")
            let a = first.headers[HTTPField.Name("X-Request-Id")!]
            let b = second.headers[HTTPField.Name("X-Request-Id")!]
            #expect(a != nil && b != nil && a != b)
        }
    }

    @Test func constantTimeCompare() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(!ConstantTime.equal("", "a"))
    }
}

@Suite struct MetricsTests {
    @Test func metricsCountRequestsByRouteAndStatus() async throws {
        let server = try TestServer()
        try await server.test { client in
            _ = try await client.send(.get, "/ping")
            _ = try await client.send(.get, "/integrated-account", headers: [:])
            let metrics = try await client.send(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(metrics.text.contains(#"unified_crm_http_requests_total{route="/ping",method="GET",status="200"} 1"#))
            #expect(metrics.text.contains(#"unified_crm_http_requests_total{route="/integrated-account",method="GET",status="401"} 1"#))
            #expect(metrics.text.contains("unified_crm_http_request_duration_seconds_bucket"))
        }
    }
}

@Suite struct SecretHygieneTests {
    @Test func secretsNeverReachLogsOrResponses() async throws {
        let server = try TestServer()
        let secrets = ["pat-na1-SECRET-hub", "AT-SECRET-2", "RT-SECRET-2"]
        let bodies = try await server.test { client in
            var texts: [String] = []
            let a = try await client.send(.post, "/integrated-account", json: hubspotBody)
            let b = try await client.send(.post, "/integrated-account", json: .from(#"{"integration":"hubspot","tenant_id":"x","context":{"oauth":{"token":{"access_token":"AT-SECRET-2","refresh_token":"RT-SECRET-2"}}}}"#))
            texts += [a.text, b.text]
            let id = a.json["id"]!.stringValue!
            texts.append(try await client.send(.get, "/integrated-account/\(id)").text)
            texts.append(try await client.send(.get, "/integrated-account").text)
            // A failing patch must not echo the secret it was given.
            texts.append(try await client.send(.patch, "/integrated-account/\(id)", raw: #"{"context":{"api_key":"pat-na1-SECRET-hub"},"bogus":1}"#).text)
            texts.append(try await client.send(.delete, "/integrated-account/\(id)").text)
            return texts
        }
        let logs = server.logs.all
        #expect(logs.contains("request"))
        for secret in secrets {
            #expect(!logs.contains(secret))
            for body in bodies { #expect(!body.contains(secret)) }
        }
    }
}
