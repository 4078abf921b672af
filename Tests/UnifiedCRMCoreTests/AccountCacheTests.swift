import Foundation
import Testing
@testable import UnifiedCRMCore

@Suite struct AccountCacheTests {
    @Test func theLeastRecentlyUsedAccountIsEvicted() {
        let cache = AccountCache(capacity: 2)
        let a = sampleAccount("a"), b = sampleAccount("b"), c = sampleAccount("c")
        cache.apply(.created(a))
        cache.apply(.created(b))
        _ = cache.lookup(a.id)
        cache.apply(.created(c))
        #expect(cache.count == 2)
        #expect(cache.lookup(a.id).account == a)
        #expect(cache.lookup(b.id).account == nil)
        #expect(cache.lookup(c.id).account == c)
    }

    @Test func aDeletedAccountLeavesTheCache() {
        let cache = AccountCache(capacity: 3)
        let a = sampleAccount("a"), b = sampleAccount("b")
        cache.apply(.created(a))
        cache.apply(.created(b))
        cache.apply(.deleted(a))
        #expect(cache.lookup(a.id).account == nil)
        #expect(cache.lookup(b.id).account == b)
        #expect(cache.count == 1)
    }

    /// A read that started before a change may have seen the older state: its fill is dropped.
    @Test func aFillFromBeforeAChangeIsDropped() {
        let cache = AccountCache()
        let stale = sampleAccount()
        let before = cache.lookup(stale.id)
        var fresh = stale
        fresh.status = .disabled
        cache.apply(.updated(fresh))
        cache.fill(stale, ifUnchangedSince: before.generation)
        #expect(cache.lookup(stale.id).account == fresh)
        cache.apply(.deleted(fresh))
        let miss = cache.lookup(stale.id)
        cache.fill(fresh, ifUnchangedSince: miss.generation)
        #expect(cache.lookup(stale.id).account == fresh)
    }

    @Test func theLRUDictionaryKeepsItsLinksThroughRemovals() {
        var lru = LRUDictionary<Int, String>(capacity: 3)
        for i in 1...3 { lru.set("\(i)", forKey: i) }
        lru.removeValue(forKey: 1)
        lru.set("4", forKey: 4)
        lru.set("5", forKey: 5)
        #expect(lru.count == 3)
        #expect(lru.value(forKey: 2) == nil)
        #expect(lru.value(forKey: 3) == "3")
        lru.set("6", forKey: 6)
        #expect(lru.value(forKey: 4) == nil)
        #expect([3, 5, 6].map { lru.value(forKey: $0) } == ["3", "5", "6"])
    }
}
