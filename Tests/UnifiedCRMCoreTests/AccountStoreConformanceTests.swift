import Foundation
import Testing
@testable import UnifiedCRMCore

/// What every `AccountStore` must do, run against each implementation.
@Suite struct AccountStoreConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func createdAccountsReadBackEqual(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount("s-1")
        try await store.createAccount(stored)
        #expect(try await store.account(id: stored.id) == stored)
        #expect(try await StoreKind.stored(store, id: stored.id) == stored)
        #expect(try await store.account(id: UUID()) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func aTakenIDIsRefused(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount()
        try await store.createAccount(stored)
        var twin = sampleAccount("other", tenant: "other")
        twin.id = stored.id
        await #expect(throws: AccountStoreError.duplicateID(stored.id)) { try await store.createAccount(twin) }
        #expect(try await StoreKind.stored(store, id: stored.id) == stored)
    }

    @Test(arguments: StoreKind.allCases)
    func updateChangesTheStoredAccount(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount()
        try await store.createAccount(stored)
        let updated = try await store.updateAccount(id: stored.id) { account in
            account.status = .needsReauth
            account.context = .object(["api_key": .string("rotated")])
        }
        #expect(updated?.status == .needsReauth)
        #expect(try await StoreKind.stored(store, id: stored.id) == updated)
        #expect(try await store.account(id: stored.id) == updated)
        #expect(try await store.updateAccount(id: UUID()) { $0.tenantId = "x" } == nil)
    }

    /// The closure's changes are abandoned when it throws: the stored account (read past any
    /// cache) is unchanged and no change is announced.
    @Test(arguments: StoreKind.allCases)
    func updateThatThrowsWritesNothing(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount()
        try await store.createAccount(stored)
        let changes = ChangeRecorder()
        store.addChangeListener(changes.record)
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            _ = try await store.updateAccount(id: stored.id) { account in
                account.tenantId = "changed"
                throw Abort()
            }
        }
        #expect(try await StoreKind.stored(store, id: stored.id)?.tenantId == "acme")
        #expect(try await store.account(id: stored.id)?.tenantId == "acme")
        #expect(changes.all.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func anUpdateMayNotChangeTheID(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount()
        try await store.createAccount(stored)
        let other = UUID()
        await #expect(throws: AccountStoreError.idChanged(from: stored.id, to: other)) {
            _ = try await store.updateAccount(id: stored.id) { $0.id = other }
        }
        #expect(try await StoreKind.stored(store, id: stored.id) == stored)
        #expect(try await store.account(id: other) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func deleteReturnsTheAccountOnce(kind: StoreKind) async throws {
        let store = try kind.make()
        let stored = sampleAccount()
        try await store.createAccount(stored)
        #expect(try await store.deleteAccount(id: stored.id) == stored)
        #expect(try await store.account(id: stored.id) == nil)
        #expect(try await StoreKind.stored(store, id: stored.id) == nil)
        #expect(try await store.deleteAccount(id: stored.id) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func listPagesByKeysetWithoutGapsOrDuplicates(kind: StoreKind) async throws {
        let store = try kind.make()
        var ids: [UUID] = []
        for i in 0..<10 {
            let account = sampleAccount("s\(i)", tenant: i.isMultiple(of: 3) ? "x" : "y")
            ids.append(account.id)
            try await store.createAccount(account)
        }
        // A deleted account leaves no gap in the pages.
        _ = try await store.deleteAccount(id: ids.remove(at: 4))
        var seen: [UUID] = []
        var after: Int64?
        repeat {
            let page = try await store.listAccounts(filter: AccountFilter(), limit: 3, after: after)
            #expect(page.accounts.count <= 3)
            seen += page.accounts.map(\.id)
            after = page.nextAfter
        } while after != nil
        #expect(seen == ids)
        let filtered = try await store.listAccounts(filter: AccountFilter(tenantId: "x"), limit: 100, after: nil)
        #expect(filtered.accounts.map(\.id) == [ids[0], ids[3], ids[5], ids[8]])
        #expect(filtered.nextAfter == nil)
        let none = try await store.listAccounts(filter: AccountFilter(tenantId: "x", integration: "pipedrive"), limit: 100, after: nil)
        #expect(none.accounts.isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func listenersHearEveryCommittedChangeInOrder(kind: StoreKind) async throws {
        let store = try kind.make()
        let changes = ChangeRecorder()
        store.addChangeListener(changes.record)
        let stored = sampleAccount()
        try await store.createAccount(stored)
        let updated = try #require(try await store.updateAccount(id: stored.id) { $0.status = .disabled })
        _ = try await store.deleteAccount(id: stored.id)
        #expect(changes.all == [.created(stored), .updated(updated), .deleted(updated)])
    }

    @Test(arguments: StoreKind.allCases)
    func healthCheckPasses(kind: StoreKind) async throws {
        try await kind.make().healthCheck()
    }
}
