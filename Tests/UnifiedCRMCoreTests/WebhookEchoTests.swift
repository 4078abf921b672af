import Foundation
import Testing
@testable import UnifiedCRMCore

/// A write through the unified API is announced once: the provider's webhook (or a poll) about the
/// same change is dropped, or narrowed to what the write did not announce.
@Suite struct WebhookEchoTests {
    let account = sampleAccount()

    func store() async throws -> AppDatabase {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        try await database.createWebhook(WebhookSubscription(targetURL: "https://hooks.example/in", eventTypes: [.recordCreated, .recordUpdated, .recordDeleted],
                                                             integratedAccountID: nil, tenantID: nil, isActive: true, secret: "s", createdAt: Date(), updatedAt: Date()))
        return database
    }

    func event(_ type: WebhookEventType, id: String = "7", changed: [String]? = nil, updatedAt: String? = nil) -> WebhookEvent {
        WebhookEmitter.recordEvent(type, account: account, resource: "opportunities", id: id,
                                   record: updatedAt.map { .object(["id": .string(id), "updated_at": .string($0)]) }, changedFields: changed)
    }

    /// The changed fields of the newest queued delivery.
    func newestChange(_ database: AppDatabase) async throws -> [String]? {
        let webhook = try #require(try await database.listWebhooks(limit: 1, after: nil).webhooks.first)
        return try await database.deliveries(webhookID: webhook.id, limit: 1, after: nil).deliveries.first?.event.payload["changed_fields"]?.arrayValue?.compactMap(\.stringValue)
    }

    @Test func theProviderEchoOfAWriteIsNotEmittedAgain() async throws {
        let database = try await store()
        #expect(try await database.emit(event(.recordCreated), to: nil, echo: .remember(fields: nil)) == 1)
        #expect(try await database.emit(event(.recordCreated), to: nil, echo: .suppress) == 0, "the provider's creation webhook")
        #expect(try await database.emit(event(.recordCreated), to: nil, echo: .suppress) == 1, "one echo per write")
        #expect(try await database.emit(event(.recordCreated, id: "8"), to: nil, echo: .suppress) == 1, "another record")
    }

    @Test func anEchoIsNarrowedToTheFieldsTheWriteDidNotChange() async throws {
        let database = try await store()
        try await database.emit(event(.recordUpdated, changed: ["name"]), to: nil, echo: .remember(fields: ["name", "updated_at"]))
        #expect(try await database.emit(event(.recordUpdated, changed: ["updated_at", "name"]), to: nil, echo: .suppress) == 0)
        try await database.emit(event(.recordUpdated, changed: ["stage"]), to: nil, echo: .remember(fields: ["stage"]))
        #expect(try await database.emit(event(.recordUpdated, changed: ["stage", "amount"]), to: nil, echo: .suppress) == 1)
        #expect(try await newestChange(database) == ["amount"], "only what someone else changed")
        #expect(try await database.emit(event(.recordUpdated, changed: ["stage"]), to: nil, echo: .suppress) == 1, "the echo was used up")
    }

    @Test func aPollThatSeesALaterUpdateIsNotAnEcho() async throws {
        let database = try await store()
        try await database.emit(event(.recordUpdated, changed: ["name"], updatedAt: "2026-12-01T10:00:00.000Z"), to: nil, echo: .remember(fields: ["name"]))
        #expect(try await database.emit(event(.recordUpdated, updatedAt: "2026-12-01T10:05:00.000Z"), to: nil, echo: .suppress) == 1, "changed again since")
        #expect(try await database.emit(event(.recordUpdated, updatedAt: "2026-12-01T10:00:00.000Z"), to: nil, echo: .suppress) == 0, "the write itself")
    }

    @Test func inboundItemsAreEmittedAndRemovedInOneStep() async throws {
        let database = try await store()
        let seq = try await database.enqueueInbound(InboundWebhookItem(integration: "hubspot", accountID: nil, body: Array("[]".utf8), receivedAt: Date()))
        #expect(try await database.dueInbound(now: Date(), limit: 10).map(\.seq) == [seq])
        try await database.retryInbound(seq: seq, retryAt: Date().addingTimeInterval(30), error: "provider down")
        #expect(try await database.dueInbound(now: Date(), limit: 10).isEmpty)
        let later = try await database.dueInbound(now: Date().addingTimeInterval(31), limit: 10)
        #expect(later.map(\.attempts) == [1])
        #expect(try await database.completeInbound(seq: seq, events: [event(.recordDeleted)]) == 1)
        #expect(try await database.dueInbound(now: Date().addingTimeInterval(31), limit: 10).isEmpty)
    }

    @Test func accountLinksKeepCredentialsSealedAndRouteByRemoteID() async throws {
        let database = try await store()
        let id = UUID()
        try await database.putAccountLink(AccountWebhookLink(accountID: id, integration: "pipedrive", remoteID: "100", registrationID: "9", user: "u", password: "p@ss"))
        #expect(try await database.accountLink(accountID: id)?.password == "p@ss")
        #expect(try await database.linkedAccounts(integration: "pipedrive", remoteID: "100") == [id])
        #expect(try await database.linkedAccounts(integration: "hubspot", remoteID: "100").isEmpty)
        let raw = try await database.writer.read { db in try Data.fetchOne(db, sql: "SELECT credentials FROM account_webhook") }
        #expect(raw.map { !String(decoding: $0, as: UTF8.self).contains("p@ss") } == true, "sealed at rest")
        try await database.deleteAccountLink(accountID: id)
        #expect(try await database.accountLink(accountID: id) == nil)
    }
}
