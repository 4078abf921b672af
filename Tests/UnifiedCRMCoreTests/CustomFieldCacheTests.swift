import Foundation
import Synchronization
import Testing
import UnifiedCRMCore

private final class LoadCounter: Sendable {
    private let count = Mutex(0)
    func increment() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

@Suite struct CustomFieldCacheTests {
    @Test func concurrentMissesShareOneLoadAndHitsDoNotReload() async throws {
        let cache = CustomFieldCache()
        let loads = LoadCounter()
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

    @Test func expiredAndFailedLoadsLoadAgain() async throws {
        let cache = CustomFieldCache()
        struct Down: Error {}
        await #expect(throws: Down.self) { try await cache.catalog(key: "a", ttl: .seconds(60)) { throw Down() } }
        let first = try await cache.catalog(key: "a", ttl: .milliseconds(1)) { .empty }
        #expect(first.definitions.isEmpty)
        try await Task.sleep(for: .milliseconds(20))
        let reloaded = try await cache.catalog(key: "a", ttl: .seconds(60)) { CustomFieldCatalog([CustomFieldDefinition(key: "x", name: "X", type: .number, options: [:])]) }
        #expect(reloaded.byKey["x"] != nil)
        cache.invalidate(prefix: "a")
        let afterInvalidate = try await cache.catalog(key: "a", ttl: .seconds(60)) { .empty }
        #expect(afterInvalidate.definitions.isEmpty)
    }
}
