import Crypto
import Foundation

/// The signature primitives providers sign webhooks with; what is signed is each provider's own
/// recipe (its emulator builds the message).
public enum WebhookSigning {
    /// base64(HMAC-SHA256(key, message)).
    public static func hmacSHA256Base64(key: String, _ message: some DataProtocol) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(key.utf8)))).base64EncodedString()
    }

    /// Lowercase hex SHA-256 of `message`.
    public static func sha256Hex(_ message: some DataProtocol) -> String {
        SHA256.hash(data: message).map { String(format: "%02x", $0) }.joined()
    }

    /// `Basic base64(user:password)`, the HTTP basic authorization header value.
    public static func basicAuthorization(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// An Ed25519 key pair signing webhooks; its public half is published as a PEM
/// SubjectPublicKeyInfo (RFC 8410), as providers publish theirs.
public struct Ed25519WebhookKey: Sendable {
    /// The 32-byte private key (the Crypto key type is not `Sendable`, so it is rebuilt to sign).
    private let seed: Data
    private var key: Curve25519.Signing.PrivateKey { (try? Curve25519.Signing.PrivateKey(rawRepresentation: seed)) ?? .init() }

    /// A new random key, or the key of a 32-byte seed.
    public init(seed: Data? = nil) throws {
        self.seed = try seed.map { try Curve25519.Signing.PrivateKey(rawRepresentation: $0).rawRepresentation }
            ?? Curve25519.Signing.PrivateKey().rawRepresentation
    }

    /// base64 of the 64-byte Ed25519 signature of `message`.
    public func signBase64(_ message: Data) -> String {
        ((try? key.signature(for: message)) ?? Data()).base64EncodedString()
    }

    /// The SPKI DER: the fixed Ed25519 `AlgorithmIdentifier` prefix (OID 1.3.101.112), then the 32 key bytes.
    public var publicKeyDER: Data {
        Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]) + key.publicKey.rawRepresentation
    }

    /// `-----BEGIN PUBLIC KEY-----` PEM of `publicKeyDER`.
    public var publicKeyPEM: String {
        "-----BEGIN PUBLIC KEY-----\n\(publicKeyDER.base64EncodedString())\n-----END PUBLIC KEY-----\n"
    }
}
