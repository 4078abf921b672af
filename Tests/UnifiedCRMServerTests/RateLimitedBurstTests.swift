import FakeProviderKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing
import UnifiedCRMCore

/// 200 concurrent requests against an emulator that answers 429 (`Retry-After: 1`) to the first
/// ones: the server's retries absorb the rate limit, so every request succeeds, and every write
/// lands exactly once at the provider.
@Suite struct RateLimitedBurstTests {
    static let requests = 200
    /// How many of the provider's next answers are 429s.
    static let rateLimited = 50
    /// Accounts the burst is spread over (all on the one emulator). A mapping's per-account request
    /// budget (HighLevel: 100 per 10 s) queues a larger burst on one account for seconds by design
    /// (RequestBudgetTests covers that); here each account's share fits its budget.
    static let accounts = 4
    /// `--max-retry-wait`: room for a few `Retry-After: 1` waits (the run takes what the retries take).
    static let maxRetryWait: Duration = .seconds(10)

    /// `h`'s account plus `accounts - 1` more with the same credentials, created through the admin
    /// API, each read once: what a request looks up besides the records (custom-field definitions,
    /// stage names) is then cached per account, so the 429s below meet the burst's own calls. (A
    /// cold cache makes the burst share one lookup per account, whose few serial retries cannot
    /// outlast 50 queued 429s within the retry budget: then every request fails, which is right.)
    static func warmAccountIDs(_ h: ProviderHarness, _ client: any TestClientProtocol) async throws -> [String] {
        var ids = [h.accountID]
        for index in 1..<accounts {
            let body = JSONValue.object(["integration": .string(h.provider.integration), "tenant_id": .string("burst-\(index)"), "context": h.provider.context])
            let created = try await client.send(.post, "/integrated-account", json: body)
            #expect(created.status == .created)
            ids.append(try #require(created.json["id"]?.stringValue))
        }
        for id in ids { #expect(try await client.send(.get, uri(id, "limit=1")).status == .ok) }
        return ids
    }

    static func uri(_ accountID: String, _ query: String = "") -> String {
        "/unified/crm/opportunities?integrated_account_id=\(accountID)" + (query.isEmpty ? "" : "&" + query)
    }

    @Test(arguments: ProviderCase.allCases)
    func concurrentReadsAllSucceed(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider, maxRetryWait: Self.maxRetryWait) { h, client in
            let ids = try await Self.warmAccountIDs(h, client)
            let before = await h.providerRequests().count
            await h.emulator.faults.add(.rateLimited(retryAfter: 1, count: Self.rateLimited))
            let statuses = try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                for index in 0..<Self.requests {
                    group.addTask {
                        let response = try await client.send(.get, Self.uri(ids[index % ids.count], "limit=5"))
                        if response.status != .ok { Issue.record("request \(index): \(response.status.code) \(response.text.prefix(300))") }
                        return (index, response.status.code, response.json["result"]?.arrayValue?.count ?? -1)
                    }
                }
                var results: [Int: (Int, Int)] = [:]
                for try await (index, status, count) in group { results[index] = (status, count) }
                return results
            }
            #expect(statuses.count == Self.requests)
            let failed = statuses.filter { $0.value.0 != 200 }.keys.sorted()
            #expect(failed.isEmpty, "requests answered other than 200: \(failed)")
            #expect(statuses.values.allSatisfy { $0.1 == 5 }, "every answer is a full page")
            // The provider did rate-limit: every 429 was played, and each one was sent again.
            #expect(await h.emulator.faults.queued.isEmpty)
            #expect(await h.providerRequests().count - before == Self.requests + Self.rateLimited)
        }
    }

    @Test(arguments: ProviderCase.allCases)
    func concurrentWritesLandExactlyOnce(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider, maxRetryWait: Self.maxRetryWait) { h, client in
            let ids = try await Self.warmAccountIDs(h, client)
            let postsBefore = await h.providerWrites().filter { $0.method == "POST" }.count
            let run = UUID().uuidString.prefix(8)
            let names = (0..<Self.requests).map { "Burst \(run) #\($0)" }
            await h.emulator.faults.add(.rateLimited(retryAfter: 1, count: Self.rateLimited))
            let statuses = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for index in 0..<Self.requests {
                    group.addTask {
                        var headers = authHeaders
                        headers[HTTPField.Name("Idempotency-Key")!] = "burst-\(run)-\(index)"
                        let response = try await client.send(.post, Self.uri(ids[index % ids.count]), json: h.createBody(name: names[index]), headers: headers)
                        #expect(response.json["name"] == .string(names[index]), "the answer is the request's own record")
                        return (index, response.status.code)
                    }
                }
                var results: [Int: Int] = [:]
                for try await (index, status) in group { results[index] = status }
                return results
            }
            #expect(statuses.count == Self.requests)
            let failed = statuses.filter { $0.value != 201 }.keys.sorted()
            #expect(failed.isEmpty, "writes answered other than 201: \(failed)")
            #expect(await h.emulator.faults.queued.isEmpty)
            // The 429s met the creates, which were sent again...
            let posts = await h.providerWrites().filter { $0.method == "POST" }.count - postsBefore
            #expect(posts > Self.requests && posts <= Self.requests + Self.rateLimited)
            // ...and the provider holds exactly one record per request: none lost, none doubled.
            var counts: [String: Int] = [:]
            for record in try await h.allRecords(client) {
                if let name = record["name"]?.stringValue, name.hasPrefix("Burst \(run) ") { counts[name, default: 0] += 1 }
            }
            #expect(counts.count == Self.requests, "records missing: \(Set(names).subtracting(counts.keys).sorted().prefix(5))")
            #expect(counts.values.allSatisfy { $0 == 1 }, "duplicated: \(counts.filter { $0.value > 1 }.keys.sorted().prefix(5))")
        }
    }
}
