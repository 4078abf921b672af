import FakeProviderKit
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
