import FakeProviderKit
import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

/// A write whose answer does not arrive within `--provider-timeout`: the caller gets 504 in the
/// contract's shape, the write is not sent again, and the error does not claim that nothing was
/// written: the test then asks the provider what it actually did.
@Suite struct ProviderTimeoutTests {
    /// The server's `--provider-timeout` here; the emulator answers only after `slowness`.
    static let timeout: Duration = .seconds(1)
    static let slowness = 2_500

    @Test(arguments: ProviderCase.allCases)
    func aCreateWhoseAnswerTimesOutIsReportedAsPossiblyApplied(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider, timeout: Self.timeout) { h, client in
            await h.emulator.faults.add(Fault(kind: .slow, delayMilliseconds: Self.slowness, count: 1))
            let name = "Timed-out deal \(UUID().uuidString)"
            let response = try await client.send(.post, h.uri(), json: h.createBody(name: name))

            #expect(response.status == .gatewayTimeout)
            let error = try #require(response.json["error"]?.objectValue)
            #expect(Set(error.keys) == ["status", "code", "message", "details"])
            #expect(error["status"] == .integer(504))
            #expect(error["code"] == .string("provider_timeout"))
            let message = try #require(error["message"]?.stringValue)
            let details = try #require(error["details"]?.objectValue)
            #expect(details["provider"] == .string(provider.integration))

            // What the provider did: the emulator finishes the slow request after the server gave
            // up, so the deal exists (bounded wait for the emulator's sleep to end; not a measurement).
            var count = 0
            for _ in 0..<100 {
                count = try await h.recordCount(named: name, client)
                if count > 0 { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(count == 1, "the provider created the deal once, although the caller got a 504")
            // The answer must not say the write failed or did not happen: it may have been applied.
            #expect(details["write_may_have_been_applied"] == .bool(true))
            #expect(message.contains("may have been applied"), "\(message)")
            #expect(!message.lowercased().contains("not created") && !message.lowercased().contains("failed"), "\(message)")
            // Sent once, never retried.
            #expect(await h.providerWrites().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func aTimedOutCreateWithAKeyIsNotSentAgainOnRetry(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider, timeout: Self.timeout) { h, client in
            await h.emulator.faults.add(Fault(kind: .slow, delayMilliseconds: Self.slowness, count: 1))
            var headers = authHeaders
            headers[HTTPField.Name("Idempotency-Key")!] = "timed-out-create"
            let body = h.createBody(name: "Timed-out keyed deal \(UUID().uuidString)")
            let first = try await client.send(.post, h.uri(), json: body, headers: headers)
            #expect(first.status == .gatewayTimeout)
            #expect(first.json["error"]?["details"]?["write_may_have_been_applied"] == .bool(true))
            // The retry the message invites gets the same answer; the provider sees no second POST.
            let retry = try await client.send(.post, h.uri(), json: body, headers: headers)
            #expect(retry.status == .gatewayTimeout)
            #expect(retry.text == first.text)
            #expect(retry.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            #expect(await h.providerWrites().filter { $0.method == "POST" }.count == 1)
        }
    }

    @Test func aReadThatTimesOutSaysNothingWasWritten() async throws {
        // Data-driven over the providers like the rest; one is enough to show the read's wording.
        let provider = try #require(ProviderCase.allCases.first)
        try await ProviderHarness.run(provider, timeout: Self.timeout) { h, client in
            await h.emulator.faults.add(Fault(kind: .slow, delayMilliseconds: Self.slowness, count: 1))
            let response = try await client.send(.get, h.uri())
            #expect(response.status == .gatewayTimeout)
            #expect(response.json["error"]?["code"] == .string("provider_timeout"))
            #expect(response.json["error"]?["details"]?["write_may_have_been_applied"] == nil)
            #expect(response.json["error"]?["message"]?.stringValue?.contains("may have been applied") == false)
        }
    }
}
