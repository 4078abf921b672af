import FakeProviderKit
import Synchronization
import Testing

@Suite struct TenantRecordsTests {
    static func tenant() throws -> TenantRecords<Int> {
        let (notes, _) = try RecordCollectionTests.collection()
        return TenantRecords(notes, foreignIDs: [7], forbidden: .badRequest("forbidden"), missing: .badRequest("missing"))
    }

    @Test func otherTenantsRecordsAreForbiddenAndUnknownOnesMissing() throws {
        var tenant = try Self.tenant()
        #expect(try tenant.record(2).int("id") == 2)
        #expect(throws: FakeError.badRequest("forbidden")) { try tenant.record(7) }
        #expect(throws: FakeError.badRequest("missing")) { try tenant.record(9) }
        #expect(throws: FakeError.badRequest("forbidden")) { try tenant.update(7, now: 1) { _ in Issue.record("changed a foreign record") } }
        #expect(throws: FakeError.badRequest("missing")) { try tenant.delete(9, now: 1) }
        #expect(try tenant.update(2, now: 500) { $0["text"] = .string("x") }.new.int("updated") == 500)
        #expect(try tenant.delete(1, now: 600).int("id") == 1)
        #expect(throws: FakeError.badRequest("missing")) { try tenant.record(1) }  // soft-deleted
        #expect(tenant.count { $0.string("text") == "x" } == 1)
    }

    @Test func freshIDsAvoidEveryTenantsIDs() throws {
        var tenant = try Self.tenant()
        var candidates = [1, 7, 3, 8].makeIterator()
        #expect(tenant.freshID { candidates.next()! } == 8)
        let (_, shape) = try RecordCollectionTests.collection()
        tenant.insert(ShapedRecord(shape: shape, ["id": .int(8)]))
        #expect(try tenant.record(8).int("id") == 8)
    }
}

/// A `RecordStore` of one tenant: the same refusals as `TenantRecords`, fresh ids and cursor pages.
@Suite struct TenantRecordStoreTests {
    @Test func aTenantStoreRefusesOthersRecordsAndMakesFreshIds() async throws {
        let (_, shape) = try RecordCollectionTests.collection()
        let notes = (1...3).map { ShapedRecord(shape: shape, ["id": .int($0), "updated": .int(100 * $0)]) }
        let store = try RecordStore<Int>(notes, shape: shape, foreignIDs: [4], forbidden: .badRequest("forbidden"), missing: .badRequest("missing"))
        #expect(await store.foreignIDs == [4])
        #expect(try await store.own(2).int("id") == 2)
        await #expect(throws: FakeError.badRequest("forbidden")) { try await store.own(4) }
        await #expect(throws: FakeError.badRequest("missing")) { try await store.deleteOwn(9, now: 1) }
        // Ids 4 (another tenant's) and 1 (taken) are skipped.
        let draws = Mutex([4, 1, 5])
        let made = await store.create(freshID: { _ in draws.withLock { $0.removeFirst() } }) { id in
            ShapedRecord(shape: shape, ["id": .int(id), "updated": .int(50)])
        }
        let count = await store.count
        #expect(made.int("id") == 5 && draws.withLock { $0.isEmpty } && count == 4)
        #expect(try await store.updateOwn(2, now: 700) { $0["text"] = .string("x") }.new.int("updated") == 700)
        #expect(try await store.deleteOwn(3, now: 800).int("id") == 3)
        #expect(await store.count(cacheKey: "x") { $0.string("text") == "x" } == 1)
        // Newest first from past the record updated at 700 (id 2): the rest, skipping only on a first page.
        let page = await store.page("updated", afterKey: 700, id: 2, descending: true, limit: 5, skipOnFirst: 1) { _ in true }
        let scanned = await store.lastScanned
        #expect(page.items.compactMap { $0.int("id") } == [1, 5] && !page.hasMore && scanned == page.scanned)
        let first = await store.page("updated", afterKey: nil, id: nil, descending: false, limit: 1, skipOnFirst: 1) { _ in true }
        #expect(first.items.compactMap { $0.int("id") } == [1] && first.hasMore)
    }
}
