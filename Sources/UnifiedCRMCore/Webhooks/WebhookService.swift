import Foundation

/// The webhook admin operations (`/webhook...`): validation of bodies, storage, test events,
/// the delivery log and manual retries.
public struct WebhookService: Sendable {
    public let store: any WebhookStore
    public let accounts: any AccountStore
    public let policy: WebhookTargetPolicy
    /// Wakes the delivery worker after a test event or a retry.
    let wake: @Sendable () -> Void

    public init(store: any WebhookStore, accounts: any AccountStore, policy: WebhookTargetPolicy, wake: @escaping @Sendable () -> Void = {}) {
        self.store = store
        self.accounts = accounts
        self.policy = policy
        self.wake = wake
    }

    static let fields: Set<String> = ["target_url", "event_types", "integrated_account_id", "tenant_id", "is_active"]

    public func create(body: JSONValue, now: Date = Date()) async throws -> WebhookSubscription {
        let object = try Self.object(body)
        guard object["target_url"] != nil, object["target_url"] != .null else { throw APIError.missingField("target_url") }
        guard object["event_types"] != nil, object["event_types"] != .null else { throw APIError.missingField("event_types") }
        var webhook = WebhookSubscription(targetURL: "", eventTypes: [], integratedAccountID: nil, tenantID: nil, isActive: true,
                                          secret: WebhookSigner.newSecret(), createdAt: now, updatedAt: now)
        try await apply(object, to: &webhook)
        try await store.createWebhook(webhook)
        return webhook
    }

    public func get(idString: String) async throws -> WebhookSubscription {
        let id = try AccountService.parseID(idString, field: "id")
        guard let webhook = try await store.webhook(id: id) else { throw Self.notFound(idString) }
        return webhook
    }

    public func update(idString: String, body: JSONValue, now: Date = Date()) async throws -> WebhookSubscription {
        var webhook = try await get(idString: idString)
        try await apply(try Self.object(body), to: &webhook)
        webhook.updatedAt = now
        if webhook.isActive { webhook.status = .active }
        let changed = webhook
        guard let updated = try await store.updateWebhook(id: webhook.id, { $0 = changed }) else { throw Self.notFound(idString) }
        return updated
    }

    public func delete(idString: String) async throws -> WebhookSubscription {
        let id = try AccountService.parseID(idString, field: "id")
        guard let webhook = try await store.deleteWebhook(id: id) else { throw Self.notFound(idString) }
        return webhook
    }

    /// Queues a `webhook:test` event for this subscription only; answers the delivery to watch.
    public func test(idString: String) async throws -> WebhookEvent {
        let webhook = try await get(idString: idString)
        let event = WebhookEvent(type: .test, accountID: nil, tenantID: nil,
                                 payload: .object(["message": .string("A test event from unified-crm."), "webhook_id": .string(webhook.id.uuidString.lowercased())]),
                                 orderingKey: "test/\(UUID().uuidString.lowercased())")
        try await store.emit(event, to: webhook.id)
        wake()
        return event
    }

    public func deliveries(idString: String, limit: Int, after: Int64?) async throws -> WebhookDeliveryPage {
        let webhook = try await get(idString: idString)
        return try await store.deliveries(webhookID: webhook.id, limit: limit, after: after)
    }

    /// Queues a delivery again now, whatever its state (same event id: receivers deduplicate).
    public func retry(idString: String, deliveryIDString: String, now: Date = Date()) async throws -> WebhookDelivery {
        let webhook = try await get(idString: idString)
        let deliveryID = try AccountService.parseID(deliveryIDString, field: "delivery_id")
        guard let delivery = try await store.delivery(id: deliveryID), delivery.webhookID == webhook.id, try await store.requeue(deliveryID: deliveryID, at: now),
              let queued = try await store.delivery(id: deliveryID) else {
            throw APIError.notFound("No delivery `\(deliveryIDString)` of webhook `\(idString)`.", details: ["delivery_id": .string(deliveryIDString)])
        }
        _ = delivery
        _ = try? await store.updateWebhook(id: webhook.id) { $0.status = .active }
        wake()
        return queued
    }

    private func apply(_ object: [String: JSONValue], to webhook: inout WebhookSubscription) async throws {
        if let value = object["target_url"] {
            guard let text = value.stringValue, !text.isEmpty else { throw APIError.invalidField("target_url", "The field `target_url` must be a URL string.") }
            try policy.checkURL(text)
            webhook.targetURL = text
        }
        if let value = object["event_types"] {
            let allowed = WebhookEventType.subscribable.map(\.rawValue)
            guard let items = value.arrayValue, !items.isEmpty, items.count <= 32 else {
                throw APIError.invalidField("event_types", "The field `event_types` must be a non-empty array of: \(allowed.joined(separator: ", ")).",
                                            extra: ["allowed": .array(allowed.map(JSONValue.string))])
            }
            var types: [WebhookEventType] = []
            for (index, item) in items.enumerated() {
                guard let text = item.stringValue, let type = WebhookEventType(rawValue: text), type != .test else {
                    throw APIError.invalidField("event_types[\(index)]", "`\(item.stringValue ?? "?")` is not an event type; known: \(allowed.joined(separator: ", ")).",
                                                extra: ["allowed": .array(allowed.map(JSONValue.string))])
                }
                if !types.contains(type) { types.append(type) }
            }
            webhook.eventTypes = types
        }
        if let value = object["integrated_account_id"] {
            if value == .null {
                webhook.integratedAccountID = nil
            } else {
                guard let text = value.stringValue else { throw APIError.invalidField("integrated_account_id", "The field `integrated_account_id` must be a UUID string or null.") }
                let id = try AccountService.parseID(text, field: "integrated_account_id")
                guard try await accounts.account(id: id) != nil else {
                    throw APIError.invalidField("integrated_account_id", "No integrated account with id `\(text)`.")
                }
                webhook.integratedAccountID = id
            }
        }
        if let value = object["tenant_id"] {
            if value == .null {
                webhook.tenantID = nil
            } else {
                guard let text = value.stringValue, !text.isEmpty, text.utf8.count <= 256 else {
                    throw APIError.invalidField("tenant_id", "The field `tenant_id` must be a non-empty string (at most 256 bytes) or null.")
                }
                webhook.tenantID = text
            }
        }
        if let value = object["is_active"] {
            guard case .bool(let active) = value else { throw APIError.invalidField("is_active", "The field `is_active` must be true or false.") }
            webhook.isActive = active
        }
    }

    private static func object(_ body: JSONValue) throws -> [String: JSONValue] {
        guard let object = body.objectValue else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw APIError.invalidField(unknown, "The field `\(unknown)` is not part of a webhook; send \(fields.sorted().joined(separator: ", ")).", code: .unknownField)
        }
        return object
    }

    private static func notFound(_ id: String) -> APIError {
        APIError.notFound("No webhook with id `\(id)`.", details: ["id": .string(id)])
    }
}
