import Foundation
import Testing
import UnifiedCRMCore

private struct Down: Error, Equatable {}

@Suite struct ExpiringCacheTests {
    @Test func concurrentMissesShareOneLoadAndHitsDoNotReload() async throws {
        let cache = CustomFieldCache()
        let loads = Counter()
        let catalog = CustomFieldCatalog([CustomFieldDefinition(key: "k", name: "Name", type: .string, options: [:])])
        try await withThrowingTaskGroup(of: CustomFieldCatalog.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.catalog(key: "account/opportunities", ttl: .seconds(60)) {
                        loads.increment()
                        try await Task.sleep(for: .milliseconds(50))
                        return catalog
                    }
                }
            }
            for try await result in group { #expect(result.byName["Name"]?.key == "k") }
        }
        #expect(loads.value == 1)
    }

    @Test func anExpiredValueLoadsAgain() async throws {
        let clock = ManualClock()
        let cache = ExpiringCache<Int>(now: { clock.now })
        let loads = Counter()
        let load: @Sendable () async throws -> Int = { loads.increment(); return loads.value }
        #expect(try await cache.catalog(key: "a", ttl: .seconds(60), load: load) == 1)
        clock.advance(by: .seconds(59))
        #expect(try await cache.catalog(key: "a", ttl: .seconds(60), load: load) == 1)
        clock.advance(by: .seconds(1))
        #expect(try await cache.catalog(key: "a", ttl: .seconds(60), load: load) == 2)
    }

    /// The request path's fast case: a fresh value (or a remembered failure) without a load.
    @Test func cachedAnswersOnlyFreshResults() async throws {
        let clock = ManualClock()
        let cache = ExpiringCache<Int>(failureTTL: .seconds(5), now: { clock.now })
        #expect(cache.cached(key: "a") == nil, "nothing loaded yet")
        _ = try await cache.catalog(key: "a", ttl: .seconds(60)) { 7 }
        #expect(try cache.cached(key: "a")?.get() == 7)
        clock.advance(by: .seconds(60))
        #expect(cache.cached(key: "a") == nil, "expired")
        _ = try? await cache.catalog(key: "b", ttl: .seconds(60)) { throw Down() }
        guard case .failure(let error)? = cache.cached(key: "b") else { Issue.record("the failure is remembered"); return }
        #expect(error is Down)
    }

    /// A failing lookup route is walked once per failure TTL, not on every read.
    @Test func aFailedLoadIsRememberedForTheFailureTTLThenRetried() async throws {
        let clock = ManualClock()
        let cache = ExpiringCache<[String: String]>(failureTTL: .seconds(30), now: { clock.now })
        let attempts = Counter()
        let failing: @Sendable () async throws -> [String: String] = { attempts.increment(); throw Down() }
        for _ in 0..<3 {
            await #expect(throws: Down()) { try await cache.catalog(key: "a/lookup", ttl: .seconds(600), load: failing) }
        }
        #expect(attempts.value == 1)
        clock.advance(by: .seconds(29))
        await #expect(throws: Down()) { try await cache.catalog(key: "a/lookup", ttl: .seconds(600), load: failing) }
        #expect(attempts.value == 1)
        clock.advance(by: .seconds(1))
        let table = try await cache.catalog(key: "a/lookup", ttl: .seconds(600)) { attempts.increment(); return ["1": "Ann"] }
        #expect(table == ["1": "Ann"])
        #expect(attempts.value == 2)
    }

    @Test func aFailureIsNotRememberedLongerThanTheValueTTL() async throws {
        let clock = ManualClock()
        let cache = ExpiringCache<Int>(failureTTL: .seconds(30), now: { clock.now })
        await #expect(throws: Down()) { try await cache.catalog(key: "a", ttl: .seconds(5)) { throw Down() } }
        clock.advance(by: .seconds(5))
        #expect(try await cache.catalog(key: "a", ttl: .seconds(5)) { 7 } == 7)
    }

    @Test func invalidationByPrefixForgetsValuesAndFailuresOfThatPrefixOnly() async throws {
        let cache = ExpiringCache<Int>()
        let loads = Counter()
        _ = try await cache.catalog(key: "a/fields", ttl: .seconds(60)) { 1 }
        await #expect(throws: Down()) { try await cache.catalog(key: "a/lookup", ttl: .seconds(60)) { throw Down() } }
        _ = try await cache.catalog(key: "b/fields", ttl: .seconds(60)) { 1 }
        cache.invalidate(prefix: "a/")
        let reload: @Sendable () async throws -> Int = { loads.increment(); return 2 }
        #expect(try await cache.catalog(key: "a/fields", ttl: .seconds(60), load: reload) == 2)
        #expect(try await cache.catalog(key: "a/lookup", ttl: .seconds(60), load: reload) == 2)
        #expect(try await cache.catalog(key: "b/fields", ttl: .seconds(60), load: reload) == 1)
        #expect(loads.value == 2)
    }

    /// A load that was running when its key was invalidated (say, with the account's old
    /// credentials) answers its callers but is not kept.
    @Test func aLoadRunningDuringInvalidationIsNotKept() async throws {
        let cache = ExpiringCache<String>()
        let (started, startedContinuation) = AsyncStream.makeStream(of: Void.self)
        let (release, releaseContinuation) = AsyncStream.makeStream(of: Void.self)
        let old = Task {
            try await cache.catalog(key: "a/fields", ttl: .seconds(60)) {
                startedContinuation.yield()
                for await _ in release { break }
                return "old credentials"
            }
        }
        for await _ in started { break }
        cache.invalidate(prefix: "a/")
        releaseContinuation.yield()
        #expect(try await old.value == "old credentials")
        #expect(try await cache.catalog(key: "a/fields", ttl: .seconds(60)) { "new credentials" } == "new credentials")
    }
}
