import Foundation
import Logging

/// Runs unified requests: resolves the account and its provider mapping (`Target`), and hands the
/// work to the list pager, the write planner and the record reader.
public struct UnifiedService: Sendable {
    public let mappings: MappingSet
    public let database: any AccountStore
    public let caller: ProviderCaller
    /// Keys start with the account's `uuidString` and a slash (see `cacheKeyPrefix`).
    public let customFieldCache: CustomFieldCache
    public let lookupCache: ExpiringCache<[String: String]>
    /// Where status changes and scope denials are recorded.
    public let events: any AccountEventStore
    /// Refreshes OAuth tokens before expiry and after a provider 401.
    public let refresher: TokenRefresher
    /// Queues unified events (record writes, account status changes); nil: webhooks are off.
    public let webhooks: WebhookEmitter?

    /// Registers with `database` so that both caches drop an account's entries when it changes or
    /// is deleted (new credentials may see other fields; a deleted account's entries are garbage).
    public init(mappings: MappingSet, database: any AccountStore, caller: ProviderCaller, customFieldCache: CustomFieldCache = CustomFieldCache(),
                lookupCache: ExpiringCache<[String: String]> = ExpiringCache(), events: (any AccountEventStore)? = nil,
                oauthApps: (any OAuthAppStore)? = nil, webhooks: WebhookEmitter? = nil) {
        self.webhooks = webhooks
        let events = events ?? (database as? any AccountEventStore) ?? InMemoryAccountEventStore()
        self.events = events
        self.refresher = TokenRefresher(database: database, events: events, apps: oauthApps ?? (database as? any OAuthAppStore) ?? InMemoryOAuthAppStore(), caller: caller,
                                        webhooks: webhooks, catalog: mappings.catalog)
        self.mappings = mappings
        self.database = database
        self.caller = caller
        self.customFieldCache = customFieldCache
        self.lookupCache = lookupCache
        database.addChangeListener { change in
            let prefix = Self.cacheKeyPrefix(for: change.id)
            customFieldCache.invalidate(prefix: prefix)
            lookupCache.invalidate(prefix: prefix)
        }
    }

    /// The start of every cache key of an account.
    static func cacheKeyPrefix(for id: UUID) -> String { "\(id.uuidString)/" }

    /// The account, its mapping and the resource mapping for a request.
    struct Target: Sendable {
        var account: IntegratedAccount
        var mapping: ProviderMapping
        var resource: ResourceMapping
        var mapper: RecordMapper
        var schema: UnifiedSchema { resource.schema }
        /// Prefix of this account's entries in the per-account caches.
        var cacheKey: String { "\(account.id.uuidString)/\(resource.name)" }
    }

    func target(resource name: String, query: UnifiedQuery) async throws -> Target {
        guard mappings.schemas[name] != nil else {
            throw APIError.notFound("Unknown unified resource `\(name)`; known: \(mappings.schemas.names.joined(separator: ", ")).", details: ["resource": .string(name)])
        }
        let (account, mapping) = try await activeAccount(query.accountID)
        guard let resource = mapping.resources[name] else {
            throw APIError(.resourceNotSupported, "\(mapping.name) does not support the unified resource `\(name)`.", details: ["provider": .string(mapping.name)])
        }
        return Target(account: account, mapping: mapping, resource: resource, mapper: RecordMapper(provider: mapping.name, resource: resource))
    }

    /// An account that may call its provider now (its OAuth token refreshed when due), and its
    /// mapping (404, 401 `needs_reauth`, 403 `account_disabled` or 400 otherwise).
    func activeAccount(_ id: UUID) async throws -> (IntegratedAccount, ProviderMapping) {
        guard let account = try await database.account(id: id) else {
            throw APIError.notFound("No integrated account with id `\(id.uuidString.lowercased())`.", details: ["parameter": .string("integrated_account_id")])
        }
        let accountID: [String: JSONValue] = ["integrated_account_id": .string(account.id.uuidString.lowercased())]
        switch account.status {
        case .needsReauth:
            throw APIError(.needsReauth, "The account's credentials were rejected by \(account.integration); reconnect the account.", details: accountID)
        case .disabled:
            throw APIError(.accountDisabled, "The integrated account is disabled.", details: accountID)
        case .active:
            break
        }
        guard let mapping = mappings[account.integration] else {
            throw APIError(.unknownIntegration, "No mapping file is loaded for `\(account.integration)`.")
        }
        return (try await refresher.ready(account, mapping: mapping), mapping)
    }

    /// Marks the account `needs_reauth` (its provider rejected the credentials) and records why.
    func markNeedsReauth(_ account: IntegratedAccount, remoteStatus: Int = 401) async {
        let redactor = SecretRedactor(extraSecretPaths: mappings.catalog[account.integration]?.secretPaths ?? [])
        // The event only for the request that changed the status (concurrent 401s mark once).
        guard let result = try? await WebhookEmitter.updateAccount(database, webhooks: webhooks, id: account.id, { account in
            account.status = .needsReauth
            account.updatedAt = Date()
        }, event: { before, after in
            before.status == .needsReauth ? nil
                : WebhookEmitter.accountEvent(.accountAuthenticationError, account: after, redacted: redactor.redact(after.context), reason: "provider_rejected_credentials")
        }), result.before.status != .needsReauth else { return }
        let updated = result.after
        try? await events.appendEvent(AccountEvent(
            accountID: updated.id, kind: .statusChanged,
            message: "\(updated.integration) rejected the account's credentials; the account needs to be reconnected.",
            details: ["from": .string(account.status.rawValue), "to": .string(IntegratedAccount.Status.needsReauth.rawValue),
                      "reason": .string("provider_rejected_credentials"), "remote_status": .integer(remoteStatus)]
        ))
    }

    /// The operation of a request, after checking the account may use it (scopes).
    func operation(_ kind: OperationKind, of target: Target, query: UnifiedQuery? = nil) async throws -> Operation {
        if kind != .list, let filter = query?.filters.first {
            throw APIError.invalidParameter(filter.name, "`\(filter.name)` is not a parameter of \(kind.rawValue) (filters apply to lists).")
        }
        guard let operation = target.resource.operations[kind] else {
            throw APIError(.operationNotSupported, "\(target.mapping.name) does not support \(kind.rawValue) on \(target.resource.name).", details: ["provider": .string(target.mapping.name)])
        }
        try await checkScopes(operation, target: target, purpose: "\(kind.rawValue) \(target.resource.name)")
        return operation
    }

    /// A 403 `insufficient_scope` naming the scope when the account's OAuth grant has none of the
    /// operation's scopes (accounts without recorded scopes, such as API keys, are not checked).
    func checkScopes(_ operation: Operation, target: Target, purpose: String) async throws {
        guard !operation.scopes.isEmpty, let granted = GrantedScopes.of(target.account.context),
              !operation.scopes.contains(where: granted.contains) else { return }
        let needed = operation.scopes.map { "`\($0)`" }.joined(separator: " or ")
        let details: [String: JSONValue] = ["required_scopes": .array(operation.scopes.map(JSONValue.string)), "provider": .string(target.mapping.name)]
        try? await events.appendEvent(AccountEvent(accountID: target.account.id, kind: .scopeDenied,
                                                   message: "A request to \(purpose) was refused: the grant lacks \(needed).", details: details.merging(["purpose": .string(purpose)]) { a, _ in a }))
        throw APIError(.insufficientScope, "The account's \(target.mapping.name) grant lacks the scope \(needed) needed to \(purpose); reconnect it with that scope.", details: details)
    }

    /// `remote_query` flattened to qs pairs; keys used for auth or routing are refused.
    func remoteQueryPairs(_ query: UnifiedQuery, mapping: ProviderMapping) throws -> [(String, String)] {
        for key in query.remoteQuery.keys.sorted() where mapping.reservedQueryKeys.contains(key) {
            throw APIError.invalidParameter("remote_query[\(key)]", "`remote_query[\(key)]` is used by \(mapping.name) for authentication or routing and cannot be set.")
        }
        guard !query.remoteQuery.isEmpty else { return [] }
        return QueryString.encode(query.remoteQuery).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (QueryString.decode(parts[0]), parts.count > 1 ? QueryString.decode(parts[1]) : "")
        }
    }

    /// Every provider call of a request goes through here: when the provider rejects the
    /// account's credentials, an OAuth token is refreshed once and the call sent again (a 401 means
    /// the provider did nothing); if that fails too, the account is marked `needs_reauth`.
    func send(_ call: ProviderCaller.Call, for target: Target) async throws -> ProviderResponse {
        // Definitions and lookups have scopes of their own (HighLevel custom fields).
        try await checkScopes(call.operation, target: target, purpose: "call \(call.operation.method) \(call.operation.path.source)")
        do {
            return try await caller.send(call)
        } catch let error as APIError where error.code == .needsReauth {
            guard let refreshed = try await refresher.afterRejection(call.account, mapping: target.mapping) else {
                await markNeedsReauth(call.account)
                throw error
            }
            var retry = call
            retry.account = refreshed
            do {
                return try await caller.send(retry)
            } catch let again as APIError where again.code == .needsReauth {
                await markNeedsReauth(refreshed)
                throw again
            }
        }
    }

    /// A call of `operation` for `target` with the `{field_names}` values it needs.
    func call(_ operation: Operation, for target: Target, catalog: CustomFieldCatalog = .empty) -> ProviderCaller.Call {
        var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
        if !operation.fieldNameObjects.isEmpty { call.fieldNames = target.resource.fieldNames(for: operation, catalog: catalog) }
        return call
    }

    /// Parses a provider's 2xx body; a body that is not JSON (or out of bounds) is a 502.
    func parse(_ response: ProviderResponse, target: Target, capture root: [String]? = nil) throws -> (JSONValue, JSONParser) {
        var parser = JSONParser(bytes: response.body, capturePath: root, limits: .providerResponse)
        do {
            return (try parser.parseDocument(), parser)
        } catch let error as JSONParseError {
            let reason = error.kind == .syntax ? "with a body that is not JSON" : "with a body out of bounds (\(error.message))"
            throw target.mapping.errors.apiError(for: ProviderError(.invalidBody(response, reason: reason), provider: target.mapping.name), recordRoute: false, secrets: [])
        }
    }
}
