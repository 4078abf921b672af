import Foundation

extension WebhookEmitter {
    /// Changes an account and queues the event `event` builds from its stored states before and
    /// after the change (nil: none): in the write's transaction when the store has an outbox
    /// (`AccountOutboxStore`), else right after it. Answers both states; nil when the account is gone.
    public static func updateAccount(_ database: any AccountStore, webhooks: WebhookEmitter?, id: UUID,
                                     _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void,
                                     event: @Sendable @escaping (_ before: IntegratedAccount, _ after: IntegratedAccount) -> WebhookEvent?) async throws
        -> (before: IntegratedAccount, after: IntegratedAccount)? {
        if let webhooks, let outbox = database as? any AccountOutboxStore {
            guard let result = try await outbox.updateAccount(id: id, change, events: { before, after in event(before, after).map { [$0] } ?? [] }) else { return nil }
            if result.queued > 0 { webhooks.wake() }
            return (result.before, result.after)
        }
        guard let before = try await database.account(id: id), let after = try await database.updateAccount(id: id, change) else { return nil }
        if let webhooks, let built = event(before, after) { await webhooks.emit(built) }
        return (before, after)
    }

    /// Stores a new account and queues `event` for it, in one transaction when the store has an outbox.
    public static func createAccount(_ database: any AccountStore, webhooks: WebhookEmitter?, _ account: IntegratedAccount, event: WebhookEvent) async throws {
        if let webhooks, let outbox = database as? any AccountOutboxStore {
            if try await outbox.createAccount(account, events: [event]) > 0 { webhooks.wake() }
            return
        }
        try await database.createAccount(account)
        await webhooks?.emit(event)
    }

    /// Deletes an account and queues the event `event` builds from it, in one transaction when the
    /// store has an outbox; nil when it did not exist.
    public static func deleteAccount(_ database: any AccountStore, webhooks: WebhookEmitter?, id: UUID,
                                     event: @Sendable @escaping (IntegratedAccount) -> WebhookEvent) async throws -> IntegratedAccount? {
        if let webhooks, let outbox = database as? any AccountOutboxStore {
            guard let result = try await outbox.deleteAccount(id: id, events: { [event($0)] }) else { return nil }
            if result.queued > 0 { webhooks.wake() }
            return result.account
        }
        guard let deleted = try await database.deleteAccount(id: id) else { return nil }
        await webhooks?.emit(event(deleted))
        return deleted
    }
}
