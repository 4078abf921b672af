import Foundation
import Logging

/// Provider webhooks in: `receive` verifies a request as its mapping says the provider signs it and
/// keeps it (the provider gets its 2xx at once); `process` turns kept requests into unified record
/// events, fetching each record through its account, and emits them with the request's removal in
/// one transaction, so a crash at any point neither loses nor doubles an event.
public struct InboundWebhookService: Sendable {
    public let unified: UnifiedService
    public let store: any InboundWebhookStore
    public let oauthApps: any OAuthAppStore
    public let setup: AccountWebhookSetup
    /// Called after a request was kept (the processor's wake-up).
    public let wake: @Sendable () -> Void
    let logger: Logger
    /// Attempts of a kept request whose records cannot be fetched yet (provider down) before its
    /// events go out without the record.
    static let maxAttempts = 6

    public init(unified: UnifiedService, store: any InboundWebhookStore, oauthApps: any OAuthAppStore, setup: AccountWebhookSetup,
                wake: @escaping @Sendable () -> Void = {}, logger: Logger = Logger(label: "unified-crm.webhooks.inbound")) {
        self.unified = unified
        self.store = store
        self.oauthApps = oauthApps
        self.setup = setup
        self.wake = wake
        self.logger = logger
    }

    /// Verifies and keeps one request to `/webhooks/{integration}` (accountID nil) or
    /// `/integrated-account-webhook/{id}`; answers how many events it holds. Throws 404 for an
    /// unknown integration or account, 401 for a bad signature, 400 for a body that is not events.
    public func receive(integration: String, accountID: UUID?, request: WebhookVerifier.Request, now: Date = Date()) async throws -> Int {
        guard let mapping = unified.mappings.mappings[integration] else {
            throw APIError.notFound("Unknown integration `\(integration)`.", details: ["integration": .string(integration)])
        }
        guard let spec = mapping.webhooks else {
            throw APIError.notFound("\(integration) has no webhooks in its mapping file.", details: ["integration": .string(integration)])
        }
        var secrets = WebhookVerifier.Secrets()
        if let accountID {
            guard spec.endpoint == .account else {
                throw APIError.notFound("\(integration) sends its webhooks to POST /webhooks/\(integration), not to an account's URL.")
            }
            guard let account = try await unified.database.account(id: accountID), account.integration == integration else {
                throw APIError.notFound("No \(integration) account `\(accountID.uuidString.lowercased())`.")
            }
            if let link = try await store.accountLink(accountID: account.id), let user = link.user, let password = link.password { secrets.basic = (user, password) }
        } else if spec.endpoint == .account {
            throw APIError.notFound("\(integration) sends its webhooks to each account's URL (POST /integrated-account-webhook/{id}).")
        }
        let app = try await oauthApps.oauthApp(integration: integration)
        secrets.clientSecret = app?.clientSecret
        secrets.publicKeyPEM = app?.webhookPublicKey
        do {
            try WebhookVerifier(spec.verification).verify(request, secrets: secrets, now: now)
        } catch {
            logger.notice("webhook refused", metadata: ["integration": .string(integration), "reason": .string(error.description)])
            throw APIError(.invalidSignature, "The webhook request could not be verified: \(error.description).")
        }
        let events: [InboundEvent]
        do {
            events = try InboundEventReader(spec: spec, resources: mapping.resources).read(request.body)
        } catch {
            throw APIError.invalidJSON("The webhook body is not \(integration) events: \(error).")
        }
        _ = try await store.enqueueInbound(InboundWebhookItem(integration: integration, accountID: accountID, body: request.body, receivedAt: now))
        wake()
        return events.count
    }

    /// Processes every kept request that is due; answers how many deliveries were queued.
    @discardableResult
    public func processDue(now: Date = Date()) async -> Int {
        var queued = 0
        for item in (try? await store.dueInbound(now: now, limit: 50)) ?? [] {
            do {
                let events = try await unifiedEvents(for: item, lastAttempt: item.attempts + 1 >= Self.maxAttempts)
                queued += try await store.completeInbound(seq: item.seq, events: events)
            } catch {
                // Full jitter over an exponential step: 2 s, 4 s, ... (about a minute in all).
                let delay = Double.random(in: 1...(2 * pow(2, Double(item.attempts))))
                logger.notice("webhook processing deferred", metadata: ["integration": .string(item.integration), "error": .string("\(error)")])
                try? await store.retryInbound(seq: item.seq, retryAt: now.addingTimeInterval(delay), error: "\(error)")
            }
        }
        if queued > 0 { unified.webhooks?.wake() }
        return queued
    }

    /// The unified events of a kept request. Throws (the request is tried again later) when a
    /// record cannot be fetched for a passing reason, unless `lastAttempt`.
    func unifiedEvents(for item: InboundWebhookItem, lastAttempt: Bool) async throws -> [WebhookEvent] {
        guard let mapping = unified.mappings.mappings[item.integration], let spec = mapping.webhooks,
              let events = try? InboundEventReader(spec: spec, resources: mapping.resources).read(item.body) else { return [] }
        var result: [WebhookEvent] = []
        for event in events {
            guard let rule = event.rule else {
                logger.debug("webhook event type not mapped", metadata: ["integration": .string(item.integration), "type": .string(event.providerType)])
                continue
            }
            for account in try await accounts(for: event, item: item, spec: spec) {
                var changed = event.changedFields
                if var known = changed, !event.unmappedNativeFields.isEmpty, !known.contains("custom_fields"),
                   await isCustomField(event.unmappedNativeFields, resource: rule.resource, account: account) {
                    known.append("custom_fields")
                    changed = known
                }
                // Only fields the unified API does not show changed: nothing to announce.
                if changed == [] { continue }
                var record: JSONValue?
                if rule.event != .recordDeleted { record = try await fetch(rule.resource, id: event.recordID, account: account, lastAttempt: lastAttempt) }
                result.append(WebhookEmitter.recordEvent(rule.event, account: account, resource: rule.resource, id: event.recordID, record: record,
                                                         changedFields: changed))
            }
        }
        return result
    }

    /// The accounts an event is for: the URL's account, or those whose provider-side id the event
    /// names (accounts never set up are set up first; one whose set-up failed waits for its next
    /// context change, so an unknown id costs no provider call per event).
    func accounts(for event: InboundEvent, item: InboundWebhookItem, spec: InboundWebhookSpec) async throws -> [IntegratedAccount] {
        if let accountID = item.accountID {
            guard let account = try await unified.database.account(id: accountID) else { return [] }
            return [account]
        }
        guard let key = event.accountKey else { return [] }
        var ids = try await store.linkedAccounts(integration: item.integration, remoteID: key)
        if ids.isEmpty {
            var after: Int64?
            repeat {
                let page = try await unified.database.listAccounts(filter: AccountFilter(integration: item.integration), limit: 100, after: after)
                // Only accounts never set up (created before webhooks were configured, or while the set-up ran).
                for account in page.accounts where account.status == .active {
                    if try await store.accountLink(accountID: account.id) == nil { await setup.prepare(account) }
                }
                after = page.nextAfter
            } while after != nil
            ids = try await store.linkedAccounts(integration: item.integration, remoteID: key)
        }
        var accounts: [IntegratedAccount] = []
        for id in ids { if let account = try await unified.database.account(id: id) { accounts.append(account) } }
        return accounts
    }

    /// True when one of `names` is a custom field of the account (its definitions, cached).
    func isCustomField(_ names: [String], resource: String, account: IntegratedAccount) async -> Bool {
        guard let target = try? await unified.target(resource: resource, query: UnifiedQuery(accountID: account.id)),
              let catalog = try? await unified.customFields(target) else { return false }
        let keys = Set(catalog.definitions.map(\.key))
        return names.contains { keys.contains($0) }
    }

    /// The unified record as `GET /unified/crm/{resource}/{id}` shows it (no remote_data); nil when
    /// it is gone or the account cannot call its provider.
    func fetch(_ resource: String, id: String, account: IntegratedAccount, lastAttempt: Bool) async throws -> JSONValue? {
        var query = UnifiedQuery(accountID: account.id)
        query.ignoreRemoteData = true
        do {
            return try JSONParser.parse(try await unified.get(resource: resource, id: id, query: query).body, limits: .providerResponse)
        } catch let error as APIError where !lastAttempt && [429, 500, 502, 503, 504].contains(error.status) {
            throw error
        } catch {
            return nil
        }
    }
}
