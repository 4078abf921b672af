import Foundation
import Testing
@testable import UnifiedCRMCore

/// PATCH and DELETE of an account drop that account's custom-field catalogs and lookup tables,
/// and only that account's.
@Suite struct AccountChangeInvalidationTests {
    struct Fixture {
        let store = InMemoryAccountStore()
        let service: UnifiedService
        let accounts: AccountService
        let first = sampleAccount("a"), second = sampleAccount("b")
        let loads = Counter()

        init() async throws {
            service = UnifiedService(mappings: MappingSet([], schemas: repositorySchemas), database: store, caller: ProviderCaller(transport: ScriptedTransport([response(500)])))
            accounts = AccountService(database: store, catalog: MappingSet([], schemas: repositorySchemas).catalog)
            try await store.createAccount(first)
            try await store.createAccount(second)
        }

        /// Reads both caches of `account` the way `UnifiedService` keys them; counts the loads.
        func read(_ account: IntegratedAccount) async throws {
            let loads = self.loads
            _ = try await service.customFieldCache.catalog(key: "\(account.id.uuidString)/opportunities", ttl: .seconds(600)) {
                loads.increment()
                return .empty
            }
            _ = try await service.lookupCache.catalog(key: "\(account.id.uuidString)/opportunities/lookup:owners", ttl: .seconds(600)) {
                loads.increment()
                return ["1": "Ann"]
            }
        }
    }

    @Test func patchDropsTheCachesOfThatAccountOnly() async throws {
        let fixture = try await Fixture()
        try await fixture.read(fixture.first)
        try await fixture.read(fixture.second)
        #expect(fixture.loads.value == 4)
        _ = try await fixture.accounts.update(idString: fixture.first.id.uuidString, body: .from(#"{"status": "disabled"}"#))
        try await fixture.read(fixture.second)
        #expect(fixture.loads.value == 4)
        try await fixture.read(fixture.first)
        #expect(fixture.loads.value == 6)
    }

    @Test func deleteDropsTheCachesOfThatAccountOnly() async throws {
        let fixture = try await Fixture()
        try await fixture.read(fixture.first)
        try await fixture.read(fixture.second)
        _ = try await fixture.accounts.delete(idString: fixture.second.id.uuidString)
        try await fixture.read(fixture.first)
        #expect(fixture.loads.value == 4)
        try await fixture.read(fixture.second)
        #expect(fixture.loads.value == 6)
    }

}
