import Foundation
import Testing
import UnifiedCRMCore

/// A unified service over one inline mapping file, its provider played by a `ScriptedTransport`,
/// with one active API-key account.
struct ScriptedService {
    let transport: ScriptedTransport
    let service: UnifiedService
    let account = IntegratedAccount(id: UUID(), tenantId: "t", integration: "tiny", status: .active, authenticationMethod: "api_key",
                                    context: .object(["api_key": .string("k")]), createdAt: Date(), updatedAt: Date())

    init(mapping: String, answers: [Result<ProviderResponse, any Error>]) async throws {
        let compiled = try MappingDirectory.compile(fileName: "tiny.json", data: Data(mapping.utf8), schemas: repositorySchemas).get()
        let store = InMemoryAccountStore()
        try await store.createAccount(account)
        transport = ScriptedTransport(answers)
        service = UnifiedService(mappings: MappingSet([compiled], schemas: repositorySchemas), database: store, caller: ProviderCaller(transport: transport))
    }

    /// The query of a request for the account, plus `extra` (already encoded).
    func query(_ extra: String = "") throws -> UnifiedQuery {
        try UnifiedQuery.parse("integrated_account_id=\(account.id.uuidString)" + (extra.isEmpty ? "" : "&" + extra))
    }
}
