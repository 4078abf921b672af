import Foundation
import Synchronization
import Testing
@testable import UnifiedCRMCore

/// A database file in the temporary directory, unique to the call.
func temporaryDatabasePath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("core-test-\(UUID().uuidString).sqlite").path
}

/// A HubSpot account of tenant `tenant` whose api key is `secret`.
func sampleAccount(_ secret: String = "secret", tenant: String = "acme") -> IntegratedAccount {
    let now = Date(epochMilliseconds: 1_700_000_000_123)
    return IntegratedAccount(
        id: UUID(), tenantId: tenant, integration: "hubspot", status: .active, authenticationMethod: "api_key",
        context: .object(["api_key": .string(secret), "portal": .string("eu1")]), createdAt: now, updatedAt: now
    )
}

/// The account store implementations; the conformance suite runs against each.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case sqlite, memory

    var testDescription: String { rawValue }

    func make() throws -> any AccountStore {
        switch self {
        case .sqlite: try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        case .memory: InMemoryAccountStore()
        }
    }

    /// What the store holds for `id`, read past any cache (SQLite: from the database file).
    static func stored(_ store: any AccountStore, id: UUID) async throws -> IntegratedAccount? {
        if let database = store as? AppDatabase { return try await database.storedAccount(id: id) }
        return try await store.account(id: id)
    }
}

/// Collects the changes a store announces.
final class ChangeRecorder: Sendable {
    private let changes = Mutex<[AccountChange]>([])
    func record(_ change: AccountChange) { changes.withLock { $0.append(change) } }
    var all: [AccountChange] { changes.withLock { $0 } }
}
