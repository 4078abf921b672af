import Foundation
import Logging

/// Builds native requests from a mapping's operation (base URL, path, query, auth, headers), sends
/// them with retries on 429/5xx, and turns provider failures into the contract's errors.
public struct ProviderCaller: Sendable {
    public let transport: any ProviderTransport
    /// Operator-only base-URL overrides by integration name.
    public let baseURLOverrides: [String: String]
    public let timeout: Duration
    public let maxRetryWait: Duration
    public let retryPolicy: RetryPolicy
    /// Per-account token buckets for mappings that declare a request budget.
    public let budgets = RequestBudgets()
    public let logger: Logger

    public init(transport: any ProviderTransport, baseURLOverrides: [String: String] = [:], timeout: Duration = .seconds(30), maxRetryWait: Duration = .seconds(30), retryPolicy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "unified-crm.provider")) {
        self.retryPolicy = retryPolicy
        self.transport = transport
        self.baseURLOverrides = baseURLOverrides
        self.timeout = timeout
        self.maxRetryWait = maxRetryWait
        self.logger = logger
    }

    /// Everything one call needs besides the operation.
    public struct Call {
        public var account: IntegratedAccount
        public var mapping: ProviderMapping
        public var operation: Operation
        public var id: String?
        public var limit: Int?
        /// Extra query parameters (pagination, `remote_query`), already qs-flattened; they replace mapped ones.
        public var query: [(String, String)] = []
        public var body: JSONValue?
        /// `{field_names:<object>}` values (see `ResourceMapping.fieldNames(for:catalog:)`).
        public var fieldNames: [String: String] = [:]
        /// Native values of the list filters (`{filter:<name>}`) and the body's `{filters}` items.
        public var filters: [String: JSONValue] = [:]
        public var filterItems: [JSONValue] = []
        /// Page parameters that go in a search's JSON body (at dotted paths) instead of the query.
        public var bodyParameters: [(String, String)] = []
        /// `{value}` of a link call's path (the linked record's id).
        public var value: JSONValue?

        public init(account: IntegratedAccount, mapping: ProviderMapping, operation: Operation) {
            self.account = account
            self.mapping = mapping
            self.operation = operation
        }
    }

    /// The URL and headers of a call (no network).
    public func request(for call: Call) throws -> ProviderRequest {
        let mapping = call.mapping
        var values = Template.Values(context: call.account.context, id: call.id, limit: call.limit, fieldNames: call.fieldNames)
        values.filters = call.filters
        values.value = call.value
        if let separator = call.operation.idSeparator, let id = call.id {
            let parts = id.components(separatedBy: separator)
            // An id that is not one of ours addresses no record.
            guard parts.count > (call.operation.path.highestIDPart ?? 0), !parts.contains(where: \.isEmpty) else {
                throw APIError.notFound("`\(id)` is not an id of a \(mapping.name) record here (ids look like a\(separator)b).", details: ["id": .string(id)])
            }
            values.idParts = parts
        }
        guard let path = call.operation.path.render(values, escape: { QueryString.escape($0) }) else {
            throw APIError(.missingContext, "The account's context lacks a value the \(mapping.name) route needs (\(call.operation.path.source)).")
        }
        var query: [(String, String)] = []
        for (key, template) in call.operation.query {
            guard let value = template.render(values) else { continue }
            if !value.isEmpty { query.append((key, value)) }
        }
        if let parameter = call.operation.limitParameter, let limit = call.limit, !call.operation.limitInBody { query.append((parameter, String(limit))) }
        for (key, value) in call.query {
            query.removeAll { $0.0 == key }
            query.append((key, value))
        }
        var body: [UInt8]?
        if let json = call.body { body = JSONWriter.encode(json) }
        if let template = call.operation.requestBody, var json = template.render(values, filterItems: call.filterItems) {
            if call.operation.limitInBody, let parameter = call.operation.limitParameter, let limit = call.limit { json.set(.integer(limit), at: MappingPath.split(parameter)) }
            for (key, value) in call.bodyParameters { json.set(.string(value), at: MappingPath.split(key)) }
            body = JSONWriter.encode(json)
        }
        return try authorizedRequest(account: call.account, mapping: mapping, method: call.operation.method, path: path, query: query,
                                     values: values, body: body, contentType: body == nil ? nil : "application/json")
    }

    /// A request to the provider's base URL (or the operator's override) + `path` with the
    /// mapping's headers and the account's credentials; `path` must already be percent-encoded.
    /// Used by mapped operations and by the proxy API alike.
    public func authorizedRequest(account: IntegratedAccount, mapping: ProviderMapping, method: String, path: String, query: [(String, String)],
                                  values: Template.Values? = nil, body: [UInt8]?, contentType: String?, accept: String = "application/json") throws -> ProviderRequest {
        let values = values ?? Template.Values(context: account.context)
        var query = query
        guard let auth = mapping.authMethods[account.authenticationMethod] else {
            throw APIError(.unsupportedAuthentication, "\(mapping.name) does not support \(account.authenticationMethod) authentication.")
        }
        var headers: [(String, String)] = [("Accept", accept)]
        for (name, template) in mapping.headers {
            if let value = template.render(values) { headers.append((name, value)) }
        }
        guard auth.strategy.apply(values, headers: &headers, query: &query) != nil else {
            throw APIError(.missingContext, "The account's context lacks a credential \(mapping.name) needs for \(account.authenticationMethod) authentication.")
        }
        if let contentType { headers.append(("Content-Type", contentType)) }
        // The operator's override wins; then the account's own (validated) base URL; then the mapping's.
        var base = mapping.baseURL
        if let override = baseURLOverrides[mapping.name] {
            base = override
        } else if let accountBase = mapping.descriptor.accountBaseURL, let url = accountBase.url(in: account.context) {
            try accountBase.validate(context: account.context)  // stored before the check existed: never called
            base = url
        }
        // Every byte outside RFC 3986's unreserved set is percent-encoded (brackets too), so the
        // URL is valid as is and no client library re-encodes it.
        let queryString = QueryString.encodePairs(query)
        return ProviderRequest(method: method, url: base + path + (queryString.isEmpty ? "" : "?" + queryString), headers: headers, body: body)
    }

    /// Sends a call; answers the provider's 2xx response or throws the `APIError` the mapping's
    /// error rules give. Failures are retried as `retryPolicy` says, within `maxRetryWait`.
    public func send(_ call: Call) async throws -> ProviderResponse {
        do {
            return try await sendRaw(call)
        } catch let error as ProviderError {
            throw apiError(error, call: call)
        }
    }

    /// Like `send`, but a failure is the `ProviderError` itself (before the error rules).
    public func sendRaw(_ call: Call) async throws -> ProviderResponse {
        try await sendWithRetries(try request(for: call), mapping: call.mapping, account: call.account.id)
    }

    /// Sends `request` under the mapping's request budget and `retryPolicy`, within `maxRetryWait`;
    /// a non-2xx answer at the end is a `ProviderError` carrying it.
    public func sendWithRetries(_ request: ProviderRequest, mapping: ProviderMapping, account: UUID? = nil) async throws -> ProviderResponse {
        let clock = ContinuousClock()
        let start = clock.now
        var attempt = 0
        while true {
            attempt += 1
            if let budget = mapping.rateLimit?.budget, let account {
                // Queued within what is left of the retry budget; past it, a 429 of our own.
                try await budgets.acquire(account.uuidString, budget: budget, maxWait: maxRetryWait - (clock.now - start), provider: mapping.name)
            }
            let response: ProviderResponse
            do {
                response = try await transport.send(request, timeout: timeout)
            } catch is ProviderTimeoutError {
                // The provider may be acting on it: never sent again.
                throw ProviderError(.timeout(timeout, method: request.method), provider: mapping.name)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                let wait = retryPolicy.delay(after: nil, attempt: attempt, rateLimit: nil)
                if retryPolicy.retriesTransportFailure(method: request.method), clock.now - start + wait <= maxRetryWait {
                    logger.notice("provider retry", metadata: ["provider": .string(mapping.name), "failure": "transport", "attempt": .stringConvertible(attempt)])
                    try await Task.sleep(for: wait)
                    continue
                }
                throw ProviderError(.unreachable, provider: mapping.name)
            }
            if (200..<300).contains(response.status) { return response }
            if retryPolicy.retries(status: response.status, method: request.method) {
                let wait = retryPolicy.delay(after: response, attempt: attempt, rateLimit: mapping.rateLimit)
                if clock.now - start + wait <= maxRetryWait {
                    logger.notice("provider retry", metadata: ["provider": .string(mapping.name), "status": .stringConvertible(response.status), "attempt": .stringConvertible(attempt)])
                    try await Task.sleep(for: wait)
                    continue
                }
            }
            throw ProviderError(.status(response), provider: mapping.name)
        }
    }

    /// The contract's error for a provider failure, by the mapping's rules. Secrets of the account
    /// are scrubbed from the echoed body.
    public func apiError(_ error: ProviderError, call: Call) -> APIError {
        let secrets = SecretRedactor(extraSecretPaths: call.mapping.descriptor.secretPaths).secrets(in: call.account.context)
        var apiError = call.mapping.errors.apiError(for: error, recordRoute: call.operation.path.addressesRecord, secrets: secrets)
        if let response = error.response {
            for (name, value) in call.mapping.rateLimitHeaders(of: response) { apiError.headers[name] = value }
        }
        return apiError
    }
}
