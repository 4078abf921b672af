import Foundation

/// A request for the proxy API: sent to the account's provider as it is, with the account's
/// credentials, the mapping's headers, retries and timeouts, and answered unmapped.
public struct ProxyRequest: Sendable {
    public var method: String
    /// The provider path (`/crm/v3/objects/deals`), percent-encoded as received.
    public var path: String
    /// The raw query string as received (without `?`); `integrated_account_id` picks the account.
    public var query: String
    public var body: [UInt8]?
    public var contentType: String?

    public init(method: String, path: String, query: String, body: [UInt8]?, contentType: String?) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.contentType = contentType
    }

    /// The path if it stays under the provider's base URL: no `.` or `..` segment, no empty
    /// segment (`//host`), no scheme, backslash or control character, also when percent-encoded.
    public static func checkedPath(_ path: String) throws -> String {
        func refuse(_ why: String) -> APIError {
            APIError.invalidParameter("path", "The proxy path `\(path.prefix(200))` is refused: \(why).")
        }
        guard path.hasPrefix("/"), path.count > 1 else { throw refuse("it must name a provider path") }
        let segments = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        for (index, raw) in segments.enumerated() {
            guard let segment = String(raw).removingPercentEncoding else { throw refuse("malformed percent-encoding") }
            if segment.isEmpty, index < segments.count - 1 { throw refuse("empty path segments (`//`) are not allowed") }
            if segment == "." || segment == ".." { throw refuse("`.` and `..` segments would leave the provider's base URL") }
            if segment.contains("/") || segment.contains("\\") { throw refuse("encoded slashes and backslashes are not allowed") }
            if segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { throw refuse("control characters are not allowed") }
            if index == 0, segment.contains(":") { throw refuse("a scheme or host is not a path") }
        }
        return path
    }
}

extension UnifiedService {
    /// Sends a proxy request; the answer is the provider's status, body and content type (a
    /// timeout or an unreachable provider is our 504 or 502). A 401 marks the account `needs_reauth`.
    public func proxy(_ request: ProxyRequest) async throws -> UnifiedResponse {
        var pairs: [(String, String)] = []
        var accountText: String?
        for pair in request.query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map { QueryString.decode(String($0)) }
            let key = parts[0], value = parts.count > 1 ? parts[1] : ""
            if key == "integrated_account_id" { accountText = value } else if !key.isEmpty { pairs.append((key, value)) }
        }
        guard let accountText else {
            throw APIError.invalidParameter("integrated_account_id", "The query parameter `integrated_account_id` is required.")
        }
        guard let accountID = UUID(uuidString: accountText) else {
            throw APIError.invalidParameter("integrated_account_id", "The query parameter `integrated_account_id` must be a UUID.")
        }
        let path = try ProxyRequest.checkedPath(request.path)
        let (active, mapping) = try await activeAccount(accountID)
        var account = active
        for (key, value) in pairs {
            if mapping.credentialQueryKeys.contains(key) {
                throw APIError.invalidParameter(key, "The query parameter `\(key)` carries \(mapping.name) credentials and cannot be set.")
            }
            // A routing parameter (HighLevel `location_id`) may only name the account's own value.
            if let routing = mapping.routingQuery[key], routing.render(Template.Values(context: account.context)) != value {
                throw APIError.invalidParameter(key, "The query parameter `\(key)` must be the account's own value; \(mapping.name) routes by it.")
            }
        }
        var response = try await proxySend(request, path: path, query: pairs, account: account, mapping: mapping)
        // A rejected OAuth token is refreshed once and the request sent again (a 401 did nothing).
        if response.status == 401, let refreshed = try await refresher.afterRejection(account, mapping: mapping) {
            account = refreshed
            response = try await proxySend(request, path: path, query: pairs, account: account, mapping: mapping)
        }
        if response.status == 401 { await markNeedsReauth(account) }
        return UnifiedResponse.passthrough(response, mapping: mapping)
    }

    /// One proxy attempt: a non-2xx answer is returned (not thrown), the account's secrets scrubbed
    /// from its body; a timeout or an unreachable provider is thrown as our 504 or 502.
    func proxySend(_ request: ProxyRequest, path: String, query: [(String, String)], account: IntegratedAccount, mapping: ProviderMapping) async throws -> ProviderResponse {
        let native = try caller.authorizedRequest(account: account, mapping: mapping, method: request.method, path: path, query: query,
                                                  body: request.body, contentType: request.body == nil ? nil : (request.contentType ?? "application/json"))
        do {
            return try await caller.sendWithRetries(native, mapping: mapping, account: account.id)
        } catch let error as ProviderError {
            guard case .status(let answer) = error.kind else {
                throw mapping.errors.apiError(for: error, recordRoute: false, secrets: [])
            }
            // The provider's own error, unmapped; the account's secrets are scrubbed if echoed.
            let secrets = SecretRedactor(extraSecretPaths: mapping.descriptor.secretPaths).secrets(in: account.context)
            let body = SecretRedactor.scrub(String(decoding: answer.body, as: UTF8.self), secrets: secrets)
            return ProviderResponse(status: answer.status, headers: answer.headers, body: Array(body.utf8))
        }
    }
}
