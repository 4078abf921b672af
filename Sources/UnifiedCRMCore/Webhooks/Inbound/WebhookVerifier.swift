import Crypto
import Foundation

/// Checks that a webhook request comes from the provider, as its mapping says the provider signs.
/// Every comparison of secret material is constant-time; a failure names what failed, never a secret.
public struct WebhookVerifier: Sendable {
    /// What a request to our webhook endpoint carried.
    public struct Request: Sendable {
        public var method: String
        /// The URL the provider sent to (scheme, host, path and query as it called it).
        public var url: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        public init(method: String, url: String, headers: [(String, String)], body: [UInt8]) {
            self.method = method
            self.url = url
            self.headers = headers
            self.body = body
        }

        public func header(_ name: String) -> String? { headers.first { HeaderName.equal($0.0, name) }?.1 }
    }

    /// The secrets a scheme needs, looked up by the caller: the OAuth app's client secret (HMAC),
    /// the key that replaces the mapping's published one (Ed25519), the account's registered
    /// credentials (Basic).
    public struct Secrets: Sendable {
        public var clientSecret: String?
        public var publicKeyPEM: String?
        public var basic: (user: String, password: String)?

        public init(clientSecret: String? = nil, publicKeyPEM: String? = nil, basic: (user: String, password: String)? = nil) {
            self.clientSecret = clientSecret
            self.publicKeyPEM = publicKeyPEM
            self.basic = basic
        }
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public let verification: WebhookVerification

    public init(_ verification: WebhookVerification) { self.verification = verification }

    public func verify(_ request: Request, secrets: Secrets, now: Date = Date()) throws(Failure) {
        switch verification {
        case .basic:
            guard let expected = secrets.basic else { throw Failure(description: "no webhook credentials are registered for this account") }
            guard let header = request.header("Authorization"), header.lowercased().hasPrefix("basic "),
                  let decoded = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)) else {
                throw Failure(description: "missing HTTP Basic credentials")
            }
            let given = Array(decoded), wanted = Array("\(expected.user):\(expected.password)".utf8)
            guard ConstantTime.equal(given, wanted) else { throw Failure(description: "wrong HTTP Basic credentials") }
        case .hmacSHA256(let rule):
            try Self.checkTimestamp(rule.timestamp, request, now: now)
            guard let secret = secrets.clientSecret else { throw Failure(description: "no OAuth app (client secret) is configured to verify with") }
            let signature = try Self.signature(rule.header, rule.encoding, request)
            let mac = Array(HMAC<SHA256>.authenticationCode(for: Self.message(rule.message, request), using: SymmetricKey(data: Data(secret.utf8))))
            guard ConstantTime.equal(mac, signature) else { throw Failure(description: "the signature in \(rule.header) does not match") }
        case .ed25519(let rule):
            try Self.checkTimestamp(rule.timestamp, request, now: now)
            let pem = secrets.publicKeyPEM ?? rule.publicKeyPEM
            guard let key = try? Ed25519PublicKeyPEM.parse(pem) else { throw Failure(description: "the configured webhook public key is not an Ed25519 PEM key") }
            let signature = try Self.signature(rule.header, rule.encoding, request)
            guard key.isValidSignature(signature, for: Self.message(rule.message, request)) else {
                throw Failure(description: "the signature in \(rule.header) does not verify")
            }
        }
    }

    static func message(_ parts: [WebhookVerification.MessagePart], _ request: Request) -> [UInt8] {
        var bytes: [UInt8] = []
        for part in parts {
            switch part {
            case .method: bytes += Array(request.method.utf8)
            case .url: bytes += Array(request.url.utf8)
            case .body: bytes += request.body
            case .header(let name): bytes += Array((request.header(name) ?? "").utf8)
            case .literal(let text): bytes += Array(text.utf8)
            }
        }
        return bytes
    }

    private static func signature(_ header: String, _ encoding: WebhookVerification.Encoding, _ request: Request) throws(Failure) -> [UInt8] {
        guard let text = request.header(header)?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.utf8.count <= 1024 else {
            throw Failure(description: "missing signature header \(header)")
        }
        let decoded: [UInt8]? = switch encoding {
        case .base64: Data(base64Encoded: text).map(Array.init)
        case .hex: hexBytes(text)
        }
        guard let decoded else { throw Failure(description: "the signature in \(header) is not \(encoding.rawValue)") }
        return decoded
    }

    private static func checkTimestamp(_ rule: WebhookVerification.TimestampRule?, _ request: Request, now: Date) throws(Failure) {
        guard let rule else { return }
        guard let text = request.header(rule.header), let number = Int64(text.trimmingCharacters(in: .whitespaces)) else {
            throw Failure(description: "missing or malformed timestamp header \(rule.header)")
        }
        let sent = rule.unit == .milliseconds ? Double(number) / 1000 : Double(number)
        guard abs(now.timeIntervalSince1970 - sent) <= Double(rule.maxAgeSeconds) else {
            throw Failure(description: "the request's timestamp (\(rule.header)) is more than \(rule.maxAgeSeconds) s from now")
        }
    }

    private static func hexBytes(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = HexDigit.value(digits[index]), let low = HexDigit.value(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}

/// Ed25519 public keys in PEM (SubjectPublicKeyInfo, RFC 8410): the fixed 12-byte prefix then the
/// 32 key bytes. swift-crypto reads the raw key only.
public enum Ed25519PublicKeyPEM {
    static let prefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    public struct Invalid: Error {}

    public static func parse(_ pem: String) throws -> Curve25519.Signing.PublicKey {
        let begin = "-----BEGIN PUBLIC KEY-----", end = "-----END PUBLIC KEY-----"
        let trimmed = pem.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix(begin), trimmed.hasSuffix(end), trimmed.count > begin.count + end.count else { throw Invalid() }
        let body = String(trimmed.dropFirst(begin.count).dropLast(end.count)).filter { !$0.isWhitespace }
        guard let der = Data(base64Encoded: body).map(Array.init),
              der.count == prefix.count + 32, Array(der.prefix(prefix.count)) == prefix else { throw Invalid() }
        return try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
    }

    public static func encode(_ key: Curve25519.Signing.PublicKey) -> String {
        let base64 = Data(prefix + Array(key.rawRepresentation)).base64EncodedString()
        return "-----BEGIN PUBLIC KEY-----\n\(base64)\n-----END PUBLIC KEY-----\n"
    }
}
