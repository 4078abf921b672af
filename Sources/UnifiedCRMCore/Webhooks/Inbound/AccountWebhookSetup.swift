import Crypto
import Foundation
import Logging

/// What the server does at the provider for an account's webhooks: learn the account's
/// provider-side id (to route app-level webhooks) and, where the provider's webhooks are
/// registered per account through its API (Pipedrive), register one with generated HTTP Basic
/// credentials, and remove it when the account is deleted. Calls go through the proxy path (the
/// account's credentials, refresh and retries).
public struct AccountWebhookSetup: Sendable {
    public let unified: UnifiedService
    public let store: any InboundWebhookStore
    /// The server's public origin, for the URL providers call; without it nothing is registered.
    public let origin: PublicOrigin
    let logger: Logger

    public init(unified: UnifiedService, store: any InboundWebhookStore, origin: PublicOrigin, logger: Logger = Logger(label: "unified-crm.webhooks")) {
        self.unified = unified
        self.store = store
        self.origin = origin
        self.logger = logger
    }

    /// The account's webhook link after learning what is missing; failures are logged and recorded
    /// as account events (`webhook_registration_failed`), never thrown: the account stays usable.
    @discardableResult
    public func prepare(_ account: IntegratedAccount) async -> AccountWebhookLink? {
        // A disabled or disconnected account cannot call its provider; its set-up waits for it to be active.
        guard account.status == .active, let spec = unified.mappings.mappings[account.integration]?.webhooks else { return nil }
        let stored = try? await store.accountLink(accountID: account.id)
        var link = stored ?? AccountWebhookLink(accountID: account.id, integration: account.integration)
        // A context value is read again (new credentials may name another account); a provider call only while unknown.
        let fromContext = spec.identity.lazy.compactMap { source -> String? in
            guard case .context(let path) = source else { return nil }
            return account.context.value(at: path)?.scalarText
        }.first
        if let fromContext { link.remoteID = fromContext } else if link.remoteID == nil { link.remoteID = await identity(of: account, spec: spec) }
        if let registration = spec.registration, link.registrationID == nil {
            await register(account, registration: registration, link: &link)
        }
        // Stored even when nothing was learned: the attempt is not repeated for every event (a
        // context change, which may bring working credentials, runs it again).
        if link != stored { try? await store.putAccountLink(link) }
        return link
    }

    /// Removes the account's registered webhook at the provider (best effort) and the link.
    public func remove(_ account: IntegratedAccount) async {
        if let spec = unified.mappings.mappings[account.integration]?.webhooks, let delete = spec.registration?.deletePath,
           let link = try? await store.accountLink(accountID: account.id), let id = link.registrationID {
            // The account is already deleted: the call is made with the account as it was.
            let path = delete.replacingOccurrences(of: "{id}", with: QueryString.escape(id))
            if let mapping = unified.mappings.mappings[account.integration] {
                _ = try? await unified.proxySend(ProxyRequest(method: "DELETE", path: path, query: "", body: nil, contentType: nil), path: path, query: [], account: account, mapping: mapping)
            }
        }
        try? await store.deleteAccountLink(accountID: account.id)
    }

    /// The URL a provider sends this account's webhooks to.
    public func accountWebhookURL(_ account: IntegratedAccount) -> String? {
        origin.url.map { "\($0)/integrated-account-webhook/\(account.id.uuidString.lowercased())" }
    }

    func identity(of account: IntegratedAccount, spec: InboundWebhookSpec) async -> String? {
        for source in spec.identity {
            switch source {
            case .context(let path):
                if let value = account.context.value(at: path)?.scalarText, !value.isEmpty { return value }
            case .request(let method, let path, let valuePath):
                do {
                    let answer = try await call(account, method: method, path: path, body: nil)
                    if let value = answer.value(at: valuePath)?.scalarText, !value.isEmpty { return value }
                } catch {
                    logger.notice("account identity not learned", metadata: ["account": .string(account.id.uuidString), "error": .string("\(error)")])
                }
            }
        }
        return nil
    }

    private func register(_ account: IntegratedAccount, registration: InboundWebhookSpec.Registration, link: inout AccountWebhookLink) async {
        guard let url = accountWebhookURL(account) else {
            logger.notice("webhook not registered: no --public-url", metadata: ["account": .string(account.id.uuidString)])
            return
        }
        let user = "ucrm-" + WebhookSigner.newSecret().prefix(16), password = WebhookSigner.newSecret()
        let body = Self.fill(registration.body, ["{webhook.url}": url, "{webhook.user}": user, "{webhook.password}": password])
        do {
            let answer = try await call(account, method: registration.method, path: registration.path, body: body)
            guard let id = answer.value(at: registration.idPath)?.scalarText else {
                throw APIError(.remoteError, "\(account.integration) answered the webhook registration without an id at \(registration.idPath.joined(separator: ".")).")
            }
            link.registrationID = id
            link.user = user
            link.password = password
        } catch {
            logger.warning("webhook registration failed", metadata: ["account": .string(account.id.uuidString), "error": .string("\(error)")])
            try? await unified.events.appendEvent(AccountEvent(accountID: account.id, kind: .webhookRegistrationFailed,
                                                              message: "The webhook could not be registered at \(account.integration): \(error)"))
        }
    }

    /// A provider call through the account (the proxy path): the parsed 2xx answer, else the error.
    private func call(_ account: IntegratedAccount, method: String, path: String, body: JSONValue?) async throws -> JSONValue {
        let request = ProxyRequest(method: method, path: path, query: "integrated_account_id=\(account.id.uuidString.lowercased())",
                                   body: body.map { JSONWriter.encode($0) }, contentType: body == nil ? nil : "application/json")
        let response = try await unified.proxy(request)
        guard (200..<300).contains(response.status) else {
            // The provider's own words (its validation message), never our request (it holds the credentials).
            let excerpt = String(decoding: response.body.prefix(300), as: UTF8.self)
            throw APIError(.remoteError, "\(account.integration) answered \(method) \(path) with \(response.status): \(excerpt)", details: ["remote_status": .integer(response.status)])
        }
        return response.body.isEmpty ? .null : try JSONParser.parse(response.body, limits: .providerResponse)
    }

    /// `value` with each placeholder in its strings replaced.
    static func fill(_ value: JSONValue, _ values: [String: String]) -> JSONValue {
        switch value {
        case .string(var text):
            for (key, replacement) in values { text = text.replacingOccurrences(of: key, with: replacement) }
            return .string(text)
        case .array(let items): return .array(items.map { fill($0, values) })
        case .object(let object): return .object(object.mapValues { fill($0, values) })
        default: return value
        }
    }
}
