/// What the HTTP layer sends back for a unified call.
public struct UnifiedResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Extra headers (the provider's rate limit as `ratelimit-*`).
    public var headers: [(String, String)]

    public init(status: Int, contentType: String = "application/json", body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }
}

extension UnifiedResponse {
    /// The provider's answer as it is (`raw`, `stream` of one record, the proxy), with its rate limit.
    static func passthrough(_ response: ProviderResponse, mapping: ProviderMapping) -> UnifiedResponse {
        UnifiedResponse(status: response.status, contentType: response.header("Content-Type") ?? "application/json", body: response.body,
                        headers: mapping.rateLimitHeaders(of: response))
    }
}

extension ProviderMapping {
    /// The provider's rate limit as the unified `ratelimit-*` headers (none when the mapping
    /// declares no rate-limit headers or the answer carries none).
    func rateLimitHeaders(of response: ProviderResponse) -> [(String, String)] {
        rateLimit?.state(of: response)?.headers ?? []
    }
}
