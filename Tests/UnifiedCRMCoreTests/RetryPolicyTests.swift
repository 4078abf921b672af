import Foundation
import Testing
import UnifiedCRMCore

private struct ConnectionReset: Error {}

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(base: .milliseconds(100), cap: .seconds(2))
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func whichAnswersAreSentAgain() {
        for status in [429, 502, 503, 504] { #expect(policy.retries(status: status, method: "GET"), "\(status)") }
        for status in [400, 401, 404, 409, 500, 501] { #expect(!policy.retries(status: status, method: "GET"), "\(status)") }
        // A create is never sent twice: only a 429 (the provider did not act) is retried for POST.
        #expect(policy.retries(status: 429, method: "POST"))
        #expect(!policy.retries(status: 503, method: "POST"))
        #expect(policy.retries(status: 503, method: "PATCH"))
        #expect(policy.retriesTransportFailure(method: "GET") && !policy.retriesTransportFailure(method: "POST"))
    }

    @Test func retryAfterInSecondsOrAsAnHTTPDate() {
        let seconds = ProviderResponse(status: 429, headers: [("Retry-After", "3")], body: [])
        #expect(policy.delay(after: seconds, attempt: 1, rateLimit: nil, now: now) == .seconds(3))
        let date = ProviderResponse(status: 503, headers: [("Retry-After", "Tue, 14 Nov 2023 22:13:25 GMT")], body: [])
        #expect(policy.delay(after: date, attempt: 1, rateLimit: nil, now: now) == .seconds(5))
        let past = ProviderResponse(status: 503, headers: [("Retry-After", "Tue, 14 Nov 2023 22:00:00 GMT")], body: [])
        #expect(policy.delay(after: past, attempt: 1, rateLimit: nil, now: now) == .zero)
    }

    @Test func backoffIsFullJitterUnderAnExponentialCap() {
        // The random draw is injected: its range is what the policy decides.
        var ranges: [ClosedRange<Double>] = []
        for attempt in 1...8 {
            _ = policy.delay(after: nil, attempt: attempt, rateLimit: nil, now: now) { range in ranges.append(range); return range.upperBound }
        }
        #expect(ranges.map(\.lowerBound).allSatisfy { $0 == 0 })
        #expect(ranges.map(\.upperBound) == [0.1, 0.2, 0.4, 0.8, 1.6, 2, 2, 2])
    }

    @Test func aResetConnectionIsRetriedForReadsButNotForCreates() async throws {
        let reads = ScriptedTransport([.failure(ConnectionReset()), response(200)])
        let caller = ProviderCaller(transport: reads, maxRetryWait: .seconds(5), retryPolicy: RetryPolicy(base: .milliseconds(1), cap: .milliseconds(2)))
        let mapping = try MappingDirectory.load(repositoryRoot.appendingPathComponent("mappings").path)["pipedrive"]!
        let get = ProviderRequest(method: "GET", url: "https://api.pipedrive.com/api/v2/deals/1", headers: [], body: nil)
        _ = try await caller.sendWithRetries(get, mapping: mapping)
        #expect(reads.count == 2)
        let creates = ScriptedTransport([.failure(ConnectionReset()), response(201)])
        let post = ProviderRequest(method: "POST", url: "https://api.pipedrive.com/api/v2/deals", headers: [], body: [])
        await #expect(throws: ProviderError.self) {
            _ = try await ProviderCaller(transport: creates, maxRetryWait: .seconds(5)).sendWithRetries(post, mapping: mapping)
        }
        #expect(creates.count == 1)
    }
}
