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
}
