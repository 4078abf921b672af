import FakeProviderKit
import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

private let keyHeader = HTTPField.Name("Idempotency-Key")!
private let replayedHeader = HTTPField.Name("Idempotent-Replayed")!

private func headers(key: String) -> HTTPFields {
    var fields = authHeaders
    fields[keyHeader] = key
    return fields
}

/// `Idempotency-Key` on unified creates and updates, against each emulated provider over loopback.
@Suite struct IdempotencyKeyTests {
    @Test(arguments: ProviderCase.allCases)
    func aRetriedCreateIsAnsweredFromTheFirstAndWritesOnce(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            let body = h.createBody(name: "Idempotent deal")
            let first = try await client.send(.post, h.uri(), json: body, headers: headers(key: "create-1"))
            #expect(first.status == .created)
            let second = try await client.send(.post, h.uri(), json: body, headers: headers(key: "create-1"))
            #expect(second.status == .created)
            #expect(second.text == first.text)
            #expect(second.headers[replayedHeader] == "true")
            #expect(first.headers[replayedHeader] == nil)
            #expect(await h.providerWrites().count == 1)

            var other = body
            other.set(.string("Another deal"), at: ["name"])
            let reused = try await client.send(.post, h.uri(), json: other, headers: headers(key: "create-1"))
            #expect(reused.status == .unprocessableContent)
            #expect(reused.json["error"]?["code"] == .string("idempotency_key_reused"))
            #expect(await h.providerWrites().count == 1, "nothing sent for a reused key")

            // A new key is a new write; no key at all is a plain write.
            #expect(try await client.send(.post, h.uri(), json: body, headers: headers(key: "create-2")).status == .created)
            #expect(await h.providerWrites().count == 2)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func twoConcurrentRequestsWithOneKeyMakeOneProviderCall(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider) { h, client in
            // Slow down the provider so the second request arrives while the first runs.
            await h.emulator.faults.add(Fault(kind: .slow, delayMilliseconds: 400, count: 4))
            let body = h.createBody(name: "Raced deal")
            async let a = client.send(.post, h.uri(), json: body, headers: headers(key: "race"))
            async let b = client.send(.post, h.uri(), json: body, headers: headers(key: "race"))
            let statuses = try await [a.status, b.status].map(\.code).sorted()
            #expect(statuses == [201, 409])
            #expect(await h.providerWrites().count == 1)
            let settled = try await client.send(.post, h.uri(), json: body, headers: headers(key: "race"))
            #expect(settled.status == .created && settled.headers[replayedHeader] == "true")
        }
    }

    @Test func aRateLimitedWriteFreesItsKey() async throws {
        try await ProviderHarness.run(try ProviderCase.named("pipedrive")) { h, client in
            // Retry-After beyond the harness's 1 s retry budget: the caller gets the 429 at once.
            await h.emulator.faults.add(.rateLimited(retryAfter: 5, count: 1))
            let body = h.createBody(name: "Limited deal")
            let limited = try await client.send(.post, h.uri(), json: body, headers: headers(key: "limited"))
            #expect(limited.status == .tooManyRequests)
            let retried = try await client.send(.post, h.uri(), json: body, headers: headers(key: "limited"))
            #expect(retried.status == .created)
            #expect(retried.headers[replayedHeader] == nil)
            // Two POSTs reached the emulator: the one its fault answered 429 (nothing stored) and the retry.
            #expect(await h.providerWrites().filter { $0.method == "POST" }.count == 2)
        }
    }

    @Test func updatesAndBadKeys() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let created = try await client.send(.post, h.uri(), json: h.createBody(name: "To update"))
            let id = try #require(created.json["id"]?.stringValue)
            let patch = JSONValue.from(#"{"name":"Updated once"}"#)
            let first = try await client.send(.patch, h.uri("/\(id)"), json: patch, headers: headers(key: "patch-1"))
            let again = try await client.send(.patch, h.uri("/\(id)"), json: patch, headers: headers(key: "patch-1"))
            #expect(first.status == .ok && again.headers[replayedHeader] == "true")
            #expect(await h.providerWrites().filter { $0.method == "PATCH" }.count == 1)
            let bad = try await client.send(.post, h.uri(), json: h.createBody(name: "x"), headers: headers(key: String(repeating: "k", count: 300)))
            #expect(bad.status == .badRequest)
            #expect(bad.json["error"]?["details"]?["parameter"] == .string("Idempotency-Key"))
        }
    }
}
