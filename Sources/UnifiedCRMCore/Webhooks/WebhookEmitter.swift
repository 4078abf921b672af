import Foundation
import Logging

/// Turns what happens (a record written through the unified API, an account created, changed,
/// rejected, reconnected or deleted) into unified events in the outbox, and wakes the delivery
/// worker. Emitting never fails the request that caused it: a store error is logged.
public struct WebhookEmitter: Sendable {
    public let store: any WebhookStore
    /// Called after events were queued (the worker's wake-up).
    public let wake: @Sendable () -> Void
    let logger: Logger

    public init(store: any WebhookStore, wake: @escaping @Sendable () -> Void = {}, logger: Logger = Logger(label: "unified-crm.webhooks")) {
        self.store = store
        self.wake = wake
        self.logger = logger
    }

    /// True when some subscription wants `type` for `account` (callers skip building the event otherwise).
    public func wants(_ type: WebhookEventType, account: IntegratedAccount) async -> Bool {
        (try? await store.hasSubscribers(type, accountID: account.id, tenantID: account.tenantId)) ?? true
    }

    /// `checked`: the caller already asked `wants` (the read is not repeated).
    public func emit(_ event: WebhookEvent, checked: Bool = false, echo: EchoHandling = .none) async {
        do {
            if !checked { guard try await store.hasSubscribers(event.type, accountID: event.accountID, tenantID: event.tenantID) else { return } }
            if try await store.emit(event, to: nil, echo: echo) > 0 { wake() }
        } catch {
            logger.error("webhook event not queued", metadata: ["event": .string(event.type.rawValue), "error": .string("\(error)")])
        }
    }

    /// `record:created|updated|deleted` for a record of `resource` written through `account`;
    /// `echo` names the fields the write may have changed (its provider webhook is then not emitted again).
    public func recordEvent(_ type: WebhookEventType, account: IntegratedAccount, resource: String, id: String, record: JSONValue?, changedFields: [String]?,
                            checked: Bool = false, echo: EchoHandling = .none) async {
        await emit(Self.recordEvent(type, account: account, resource: resource, id: id, record: record, changedFields: changedFields), checked: checked, echo: echo)
    }

    /// The event itself (pollers commit it with their watermark).
    public static func recordEvent(_ type: WebhookEventType, account: IntegratedAccount, resource: String, id: String, record: JSONValue?, changedFields: [String]?) -> WebhookEvent {
        var payload: [String: JSONValue] = [
            "integrated_account_id": .string(account.id.uuidString.lowercased()), "tenant_id": .string(account.tenantId),
            "integration": .string(account.integration), "resource": .string(resource), "id": .string(id),
        ]
        if let record { payload["record"] = record }
        if let changedFields { payload["changed_fields"] = .array(changedFields.map(JSONValue.string)) }
        return WebhookEvent(type: type, accountID: account.id, tenantID: account.tenantId, payload: .object(payload),
                            orderingKey: "\(account.id.uuidString.lowercased())/\(resource)/\(id)")
    }

    /// `integrated_account:*` with the account as the admin API shows it (secrets redacted).
    public func accountEvent(_ type: WebhookEventType, account: IntegratedAccount, redacted context: JSONValue, reason: String? = nil) async {
        await emit(Self.accountEvent(type, account: account, redacted: context, reason: reason))
    }

    /// The event itself (account stores with an outbox commit it with the account's write).
    public static func accountEvent(_ type: WebhookEventType, account: IntegratedAccount, redacted context: JSONValue, reason: String? = nil) -> WebhookEvent {
        var payload: [String: JSONValue] = [
            "integrated_account_id": .string(account.id.uuidString.lowercased()), "tenant_id": .string(account.tenantId),
            "integration": .string(account.integration), "status": .string(account.status.rawValue),
            "authentication_method": .string(account.authenticationMethod), "context": context,
        ]
        if let reason { payload["reason"] = .string(reason) }
        return WebhookEvent(type: type, accountID: account.id, tenantID: account.tenantId, payload: .object(payload),
                            orderingKey: "account/\(account.id.uuidString.lowercased())")
    }
}
