import Foundation

/// The integrated-account operations of the admin API: validation, storage and redaction in one place,
/// so the HTTP layer only translates requests and responses.
public struct AccountService: Sendable {
    public let database: any AccountStore
    public let catalog: IntegrationCatalog
    /// The accounts' event log (status changes, scope denials, token refreshes).
    public let events: any AccountEventStore
    /// Queues `integrated_account:*` events; nil: webhooks are off.
    public let webhooks: WebhookEmitter?
    /// Runs after an account is created or its context changed, and after one is deleted (the
    /// provider-side webhook setup); it must not delay the answer.
    public var afterChange: (@Sendable (IntegratedAccount) -> Void)?
    public var afterDelete: (@Sendable (IntegratedAccount) -> Void)?

    public init(database: any AccountStore, catalog: IntegrationCatalog, events: (any AccountEventStore)? = nil, webhooks: WebhookEmitter? = nil) {
        self.webhooks = webhooks
        self.database = database
        self.catalog = catalog
        self.events = events ?? (database as? any AccountEventStore) ?? InMemoryAccountEventStore()
    }

    /// One page of an account's events, oldest first.
    public func events(idString: String, limit: Int, after: Int64?) async throws -> AccountEventPage {
        let account = try await account(idString: idString)
        return try await events.events(accountID: account.id, limit: limit, after: after)
    }

    /// The redactor for an integration (well-known secret names plus the integration's declared paths).
    public func redactor(for integration: String) -> SecretRedactor {
        SecretRedactor(extraSecretPaths: catalog[integration]?.secretPaths ?? [])
    }

    /// Validates and stores a new account. `body` is the request JSON.
    public func create(body: JSONValue, now: Date = Date()) async throws -> IntegratedAccount {
        guard body.objectValue != nil else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        let integration = try requiredString(body, "integration")
        let tenantId = try requiredString(body, "tenant_id")
        let descriptor = try catalog.descriptor(named: integration)
        guard let context = body["context"], context != .null else { throw APIError.missingField("context") }
        let method = try descriptor.validate(context: context)
        let now = Date(epochMilliseconds: now.epochMilliseconds)
        let account = IntegratedAccount(
            id: UUID(), tenantId: tenantId, integration: integration, status: .active,
            authenticationMethod: method, context: context, createdAt: now, updatedAt: now
        )
        // The account and its event commit together.
        try await WebhookEmitter.createAccount(database, webhooks: webhooks, account,
                                               event: WebhookEmitter.accountEvent(.accountCreated, account: account, redacted: redactor(for: integration).redact(account.context)))
        afterChange?(account)
        return account
    }

    /// Looks an account up by the string id of a path or query parameter.
    public func account(idString: String, field: String = "id") async throws -> IntegratedAccount {
        let id = try Self.parseID(idString, field: field)
        guard let account = try await database.account(id: id) else {
            throw APIError.notFound("No integrated account with id `\(idString)`.", details: ["id": .string(idString)])
        }
        return account
    }

    /// Applies a PATCH body: `context` merges (see `JSONValue.mergingContext`), `status` and `tenant_id` replace.
    public func update(idString: String, body: JSONValue, now: Date = Date()) async throws -> IntegratedAccount {
        let id = try Self.parseID(idString, field: "id")
        guard let changes = body.objectValue else { throw APIError.invalidJSON("The request body must be a JSON object.") }
        let allowed: Set<String> = ["context", "status", "tenant_id"]
        if let unknown = changes.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw APIError.invalidField(unknown, "The field `\(unknown)` cannot be changed; PATCH accepts context, status and tenant_id.")
        }
        var status: IntegratedAccount.Status?
        if let value = changes["status"] {
            guard let string = value.stringValue, let parsed = IntegratedAccount.Status(rawValue: string) else {
                throw APIError.invalidField("status", "The field `status` must be one of: active, needs_reauth, disabled.",
                                            extra: ["allowed": .array(IntegratedAccount.Status.allCases.map { .string($0.rawValue) })])
            }
            status = parsed
        }
        var tenantId: String?
        if changes["tenant_id"] != nil { tenantId = try requiredString(body, "tenant_id") }
        if let context = changes["context"], context.objectValue == nil {
            throw APIError.invalidField("context", "The field `context` must be a JSON object.")
        }
        let catalog = self.catalog
        let now = Date(epochMilliseconds: now.epochMilliseconds)
        let newStatus = status, newTenantId = tenantId
        let apply: @Sendable (inout IntegratedAccount) throws -> Void = { account in
            if let context = changes["context"] {
                let merged = account.context.mergingContext(context)
                let descriptor = try catalog.descriptor(named: account.integration)
                account.authenticationMethod = try descriptor.validate(context: merged)
                account.context = merged
            }
            if let newStatus { account.status = newStatus }
            if let newTenantId { account.tenantId = newTenantId }
            account.updatedAt = now
        }
        let redactor = self.redactor(for:)
        let event = { @Sendable (before: IntegratedAccount, after: IntegratedAccount) -> WebhookEvent in
            let type: WebhookEventType = before.status == .needsReauth && after.status == .active ? .accountReauthenticated : .accountUpdated
            return WebhookEmitter.accountEvent(type, account: after, redacted: redactor(after.integration).redact(after.context))
        }
        let result = try await WebhookEmitter.updateAccount(database, webhooks: webhooks, id: id, apply) { event($0, $1) }
        let previousStatus = result?.before.status, found = result?.after
        guard let updated = found else { throw APIError.notFound("No integrated account with id `\(idString)`.", details: ["id": .string(idString)]) }
        if changes["context"] != nil { afterChange?(updated) }
        if let previousStatus, previousStatus != updated.status {
            try? await events.appendEvent(AccountEvent(
                accountID: updated.id, kind: .statusChanged, message: "The status was set to \(updated.status.rawValue) through the admin API.",
                details: ["from": .string(previousStatus.rawValue), "to": .string(updated.status.rawValue), "reason": .string("admin_api")]
            ))
        }
        return updated
    }

    public func delete(idString: String) async throws -> IntegratedAccount {
        let id = try Self.parseID(idString, field: "id")
        let redactor = self.redactor(for:)
        let event = { @Sendable (account: IntegratedAccount) in
            WebhookEmitter.accountEvent(.accountDeleted, account: account, redacted: redactor(account.integration).redact(account.context))
        }
        guard let account = try await WebhookEmitter.deleteAccount(database, webhooks: webhooks, id: id, event: event) else {
            throw APIError.notFound("No integrated account with id `\(idString)`.", details: ["id": .string(idString)])
        }
        afterDelete?(account)
        return account
    }

    /// Parses a uuid, or a 400 naming `field`.
    public static func parseID(_ string: String, field: String) throws -> UUID {
        guard let id = UUID(uuidString: string) else {
            throw APIError.invalidField(field, "The field `\(field)` must be a UUID, got `\(string.prefix(64))`.")
        }
        return id
    }

    private func requiredString(_ body: JSONValue, _ field: String) throws -> String {
        guard let value = body[field], value != .null else { throw APIError.missingField(field) }
        guard let string = value.stringValue, !string.isEmpty else {
            throw APIError.invalidField(field, "The field `\(field)` must be a non-empty string.")
        }
        return string
    }
}
