import Foundation
import Logging

/// Keeps OAuth accounts' access tokens fresh: before expiry (`OAuthToken.refreshSkew`) and once
/// after a provider 401. One refresh per account at a time however many requests wait (HighLevel
/// and Pipedrive refresh tokens are single-use, so two concurrent refreshes would kill the grant).
/// The new token pair is stored before any request uses it, so a crash cannot lose the only valid
/// refresh token. A dead grant (`invalid_grant` per the mapping) marks the account `needs_reauth`.
///
/// Single-flight holds within this process; replicas sharing a database need a lock in the store.
public actor TokenRefresher {
    public enum Reason: String, Sendable {
        case expiry, rejected, requested
    }

    let database: any AccountStore
    let events: any AccountEventStore
    public nonisolated let apps: any OAuthAppStore
    let caller: ProviderCaller
    let webhooks: WebhookEmitter?
    let catalog: IntegrationCatalog
    private var inFlight: [UUID: Task<IntegratedAccount, any Error>] = [:]

    public init(database: any AccountStore, events: any AccountEventStore, apps: any OAuthAppStore, caller: ProviderCaller,
                webhooks: WebhookEmitter? = nil, catalog: IntegrationCatalog = IntegrationCatalog([])) {
        self.webhooks = webhooks
        self.catalog = catalog
        self.database = database
        self.events = events
        self.apps = apps
        self.caller = caller
    }

    /// `account` with a usable token: refreshed first when it is due. A refresh that fails for a
    /// passing reason (provider 5xx, timeout) while the old token is still valid uses the old token.
    public func ready(_ account: IntegratedAccount, mapping: ProviderMapping, now: Date = Date()) async throws -> IntegratedAccount {
        guard Self.canRefresh(account, mapping), OAuthToken.isDue(account.context, now: now) else { return account }
        guard try await apps.oauthApp(integration: account.integration) != nil else { return account }
        do {
            return try await refresh(account, mapping: mapping, reason: .expiry)
        } catch let error as APIError where error.code != .needsReauth {
            if let expiry = OAuthToken.expiresAt(account.context), expiry > now { return account }
            throw error
        }
    }

    /// After the provider rejected `account`'s token: the account with a new token, or nil when
    /// it cannot be refreshed (then the rejection stands). When another request already replaced
    /// the rejected token, that stored account is answered without a token call.
    public func afterRejection(_ account: IntegratedAccount, mapping: ProviderMapping) async throws -> IntegratedAccount? {
        guard Self.canRefresh(account, mapping), try await apps.oauthApp(integration: account.integration) != nil else { return nil }
        return try await refresh(account, mapping: mapping, reason: .rejected)
    }

    /// `POST /integrated-account/refresh-credentials`: refreshes now, whatever the expiry.
    public func refreshNow(_ account: IntegratedAccount, mapping: ProviderMapping) async throws -> IntegratedAccount {
        guard account.authenticationMethod == "oauth" else {
            throw APIError(.notOAuthAccount, "The account uses \(account.authenticationMethod) authentication; only OAuth accounts have credentials to refresh.",
                           details: ["id": .string(account.id.uuidString.lowercased())])
        }
        guard mapping.authMethods["oauth"]?.flow != nil else {
            throw APIError(.unsupportedAuthentication, "The \(mapping.name) mapping declares no OAuth token endpoint (auth.oauth.token).")
        }
        guard OAuthToken.refreshToken(account.context) != nil else {
            throw APIError.invalidField("context.oauth.token.refresh_token", "The account has no refresh token; reconnect it.", code: .missingContext)
        }
        guard try await apps.oauthApp(integration: account.integration) != nil else {
            throw APIError.oauthAppMissing(account.integration)
        }
        return try await refresh(account, mapping: mapping, reason: .requested, force: true)
    }

    static func canRefresh(_ account: IntegratedAccount, _ mapping: ProviderMapping) -> Bool {
        account.authenticationMethod == "oauth" && mapping.authMethods["oauth"]?.flow != nil && OAuthToken.refreshToken(account.context) != nil
    }

    /// Joins the account's refresh in flight, or starts one. Unless `force`d, a stored token that
    /// differs from the one `account` holds means another refresh already happened: it is used.
    private func refresh(_ account: IntegratedAccount, mapping: ProviderMapping, reason: Reason, force: Bool = false) async throws -> IntegratedAccount {
        if let running = inFlight[account.id] { return try await running.value }
        let task = Task { [database] () async throws -> IntegratedAccount in
            guard let stored = try await database.account(id: account.id) else {
                throw APIError.notFound("No integrated account with id `\(account.id.uuidString.lowercased())`.")
            }
            if stored.status == .needsReauth {
                throw APIError(.needsReauth, "The account's \(stored.integration) grant is no longer valid; reconnect the account.",
                               details: ["integrated_account_id": .string(stored.id.uuidString.lowercased())])
            }
            if !force, OAuthToken.accessToken(stored.context) != OAuthToken.accessToken(account.context) { return stored }
            return try await self.perform(stored, mapping: mapping, reason: reason)
        }
        inFlight[account.id] = task
        defer { inFlight[account.id] = nil }
        return try await task.value
    }

    /// One token call; the answer is stored (or the account marked) before anything else.
    private func perform(_ account: IntegratedAccount, mapping: ProviderMapping, reason: Reason) async throws -> IntegratedAccount {
        guard let flow = mapping.authMethods["oauth"]?.flow, let refreshToken = OAuthToken.refreshToken(account.context),
              let app = try await apps.oauthApp(integration: account.integration) else { return account }
        let request = flow.tokenRequest(.refreshToken(refreshToken), app: app, override: caller.baseURLOverrides["\(mapping.name).oauth"])
        let response: ProviderResponse
        do {
            response = try await caller.sendWithRetries(request, mapping: mapping)
        } catch let error as ProviderError {
            if let failed = error.response, let code = flow.invalidGrantCode(in: failed) {
                try await markGrantDead(account, remoteStatus: failed.status, remoteCode: code, reason: reason)
            }
            await record(account, .refreshFailed, "Refreshing the \(mapping.name) token failed (\(error.summary)); the account keeps its current token.",
                         ["reason": .string(reason.rawValue), "remote_status": error.response.map { .integer($0.status) } ?? .null])
            throw APIError(error.isTimeout ? .providerTimeout : .remoteError, "Refreshing the account's \(mapping.name) token failed (\(error.summary)); try again later.",
                           details: ["provider": .string(mapping.name), "remote_status": error.response.map { .integer($0.status) } ?? .null])
        }
        guard let body = try? JSONParser.parse(response.body, limits: .providerResponse) else {
            await record(account, .refreshFailed, "\(mapping.name)'s token endpoint answered with a body that is not JSON.", ["reason": .string(reason.rawValue)])
            throw APIError(.remoteError, "\(mapping.name)'s token endpoint answered with a body that is not JSON.", details: ["provider": .string(mapping.name)])
        }
        let context = try OAuthToken.context(account.context, applying: body, flow: flow, now: Date(), provider: mapping.name)
        let rotated = OAuthToken.refreshToken(context) != refreshToken
        guard let updated = try await database.updateAccount(id: account.id, { stored in
            stored.context = context
            stored.updatedAt = Date()
        }) else { throw APIError.notFound("The integrated account was deleted during a token refresh.") }
        var details: [String: JSONValue] = ["reason": .string(reason.rawValue), "refresh_token_rotated": .bool(rotated)]
        if let expiry = context.value(at: ["oauth", "token", "expires_at"]) { details["expires_at"] = expiry }
        await record(updated, .tokenRefreshed, "The \(mapping.name) access token was refreshed.", details)
        return updated
    }

    private func markGrantDead(_ account: IntegratedAccount, remoteStatus: Int, remoteCode: String, reason: Reason) async throws {
        let redactor = SecretRedactor(extraSecretPaths: catalog[account.integration]?.secretPaths ?? [])
        let result = try await WebhookEmitter.updateAccount(database, webhooks: webhooks, id: account.id, { stored in
            stored.status = .needsReauth
            stored.updatedAt = Date()
        }, event: { before, after in
            before.status == .needsReauth ? nil
                : WebhookEmitter.accountEvent(.accountAuthenticationError, account: after, redacted: redactor.redact(after.context), reason: "invalid_grant")
        })
        let previous = result?.before.status ?? account.status
        await record(account, .refreshFailed, "\(account.integration) refused the refresh token (\(remoteCode)); the account must be reconnected.",
                     ["reason": .string(reason.rawValue), "remote_status": .integer(remoteStatus), "remote_error": .string(remoteCode)])
        if previous != .needsReauth {
            await record(account, .statusChanged, "The account needs to be reconnected: its refresh token was refused.",
                         ["from": .string(previous.rawValue), "to": .string("needs_reauth"), "reason": .string("invalid_grant")])
        }
        throw APIError(.needsReauth, "The account's \(account.integration) grant was revoked or expired (\(remoteCode)); reconnect the account.",
                       details: ["integrated_account_id": .string(account.id.uuidString.lowercased()), "remote_error": .string(remoteCode)])
    }

    private func record(_ account: IntegratedAccount, _ kind: AccountEvent.Kind, _ message: String, _ details: [String: JSONValue]) async {
        try? await events.appendEvent(AccountEvent(accountID: account.id, kind: kind, message: message, details: details))
    }
}
