import Foundation

/// An account store that queues an account's unified events (`integrated_account:*`) in the
/// transaction of the account's write, so the change and its event commit together or not at all
/// (SQLite now, PostgreSQL later). Each method answers how many deliveries were queued.
public protocol AccountOutboxStore: AccountStore {
    func createAccount(_ account: IntegratedAccount, events: [WebhookEvent]) async throws -> Int
    /// `events` sees the account before and after the change (the event type can depend on both).
    func updateAccount(id: UUID, _ change: @Sendable @escaping (inout IntegratedAccount) throws -> Void,
                       events: @Sendable @escaping (_ before: IntegratedAccount, _ after: IntegratedAccount) -> [WebhookEvent]) async throws
        -> (before: IntegratedAccount, after: IntegratedAccount, queued: Int)?
    func deleteAccount(id: UUID, events: @Sendable @escaping (IntegratedAccount) -> [WebhookEvent]) async throws -> (account: IntegratedAccount, queued: Int)?
}
