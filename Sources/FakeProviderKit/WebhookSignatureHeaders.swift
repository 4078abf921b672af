import Foundation

/// The headers a provider signs a webhook request with, as data (`signature_headers`). Each is a
/// fixed text or a digest of a text laid out with `{url}`, `{body}`, `{timestamp}` and `{secret}`:
///
/// ```json
/// [{"name": "X-Signature-Version", "value": "v1"},
///  {"name": "X-Signature", "sha256_hex": "{secret}{body}"},
///  {"name": "X-Signature-v3", "hmac_sha256_base64": "POST{url}{body}{timestamp}"},
///  {"name": "X-Request-Timestamp", "value": "{timestamp}"}]
/// ```
///
/// `hmac_sha256_base64` is keyed with the secret; the timestamp is epoch milliseconds at signing.
public struct WebhookSignatureHeaders: Sendable, Decodable {
    public struct Header: Sendable, Decodable {
        let name: String
        let value: String?
        let sha256Hex: String?
        let hmacSHA256Base64: String?

        enum CodingKeys: String, CodingKey { case name, value, sha256Hex = "sha256_hex", hmacSHA256Base64 = "hmac_sha256_base64" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            value = try c.decodeIfPresent(String.self, forKey: .value)
            sha256Hex = try c.decodeIfPresent(String.self, forKey: .sha256Hex)
            hmacSHA256Base64 = try c.decodeIfPresent(String.self, forKey: .hmacSHA256Base64)
            guard [value, sha256Hex, hmacSHA256Base64].compactMap({ $0 }).count == 1 else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "\(name): give one of value, sha256_hex, hmac_sha256_base64"))
            }
        }
    }

    public let headers: [Header]

    public init(from decoder: any Decoder) throws { headers = try [Header](from: decoder) }

    /// Adds the headers to `message`, sent to `url` and signed with `secret`.
    public func sign(_ message: inout WebhookMessage, url: String, secret: String) {
        let values = ["url": url, "body": String(decoding: message.body, as: UTF8.self), "secret": secret,
                      "timestamp": String(FakeClock.nowMilliseconds())]
        let text = { (template: String) in Data(TextTemplate.fill(template, values).utf8) }
        for header in headers {
            let value = if let fixed = header.value { TextTemplate.fill(fixed, values) }
                else if let digest = header.sha256Hex { WebhookSigning.sha256Hex(text(digest)) }
                else { WebhookSigning.hmacSHA256Base64(key: secret, text(header.hmacSHA256Base64 ?? "")) }
            message.headers.append((header.name, value))
        }
    }
}
