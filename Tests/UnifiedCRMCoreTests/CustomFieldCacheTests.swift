import Foundation
import Synchronization
import Testing
import UnifiedCRMCore

@Suite struct CustomFieldCacheTests {
    @Test func concurrentMissesShareOneLoadAndHitsDoNotReload() async throws {
        let cache = CustomFieldCache()
        let loads = Atomic<Int>(0)
        let catalog = CustomFieldCatalog([CustomFieldDefinition(key: "k", name: "Name", type: .string, options: [:])])
        try await withThrowingTaskGroup(of: CustomFieldCatalog.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.catalog(key: "account/opportunities", ttl: .seconds(60)) {
                        loads.add(1, ordering: .relaxed)
                        try await Task.sleep(for: .milliseconds(50))
                        return catalog
                    }
                }
            }
            for try await result in group { #expect(result.byName["Name"]?.key == "k") }
        }
        #expect(loads.load(ordering: .relaxed) == 1)
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
