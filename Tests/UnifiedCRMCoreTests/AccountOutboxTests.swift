import Foundation
import Testing
import UnifiedCRMCore

/// An account's change and its `integrated_account:*` event are one transaction: both or neither.
@Suite struct AccountOutboxTests {
    func setUp() async throws -> (AccountService, AppDatabase, UUID) {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        let hook = WebhookSubscription(targetURL: "https://hooks.example/in", eventTypes: [.accountCreated, .accountUpdated, .accountReauthenticated, .accountDeleted],
                                       integratedAccountID: nil, tenantID: nil, isActive: true, secret: "s", createdAt: Date(), updatedAt: Date())
        try await database.createWebhook(hook)
        let catalog = try MappingDirectory.loadCatalog(repositoryRoot.appendingPathComponent("mappings").path)
        return (AccountService(database: database, catalog: catalog, webhooks: WebhookEmitter(store: database)), database, hook.id)
    }

    func queued(_ database: AppDatabase, _ hook: UUID) async throws -> [String] {
        try await database.deliveries(webhookID: hook, limit: 50, after: nil).deliveries.reversed().map(\.event.type.rawValue)
    }

    @Test func everyAccountWriteQueuesItsEventAndARefusedWriteQueuesNone() async throws {
        let (service, database, hook) = try await setUp()
        let account = try await service.create(body: .from(#"{"integration": "hubspot", "tenant_id": "acme", "context": {"api_key": "pat-1"}}"#))
        let id = account.id.uuidString
        #expect(try await queued(database, hook) == ["integrated_account:created"])
        await #expect(throws: APIError.self) { try await service.update(idString: id, body: .from(#"{"context": {"api_key": null}}"#)) }
        #expect(try await queued(database, hook) == ["integrated_account:created"], "a refused change writes no event")
        _ = try await service.update(idString: id, body: .from(#"{"status": "needs_reauth"}"#))
        _ = try await service.update(idString: id, body: .from(#"{"status": "active"}"#))
        _ = try await service.delete(idString: id)
        #expect(try await queued(database, hook) == ["integrated_account:created", "integrated_account:updated", "integrated_account:reauthenticated", "integrated_account:deleted"])
        let payload = try #require(try await database.deliveries(webhookID: hook, limit: 1, after: nil).deliveries.first?.event.payload)
        #expect(payload["context"]?["api_key"] == .string(SecretRedactor.placeholder), "secrets redacted in the event")
    }
}
