import Crypto
import Foundation

/// The 256-bit AES-GCM key that encrypts credentials at rest (`UNIFIED_CRM_ENCRYPTION_KEY`, base64).
public struct EncryptionKey: Sendable {
    /// Raw key bytes; `SymmetricKey` is built per use because it is not `Sendable`.
    let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// Parses a base64 string of exactly 32 bytes.
    public init(base64: String) throws {
        guard let data = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConfigurationError("UNIFIED_CRM_ENCRYPTION_KEY is not valid base64; expected 32 random bytes, base64-encoded (e.g. `openssl rand -base64 32`).")
        }
        guard data.count == 32 else {
            throw ConfigurationError("UNIFIED_CRM_ENCRYPTION_KEY decodes to \(data.count) bytes; it must be exactly 32 bytes (base64 of 32 random bytes).")
        }
        self.bytes = data
    }

    /// A fresh random key (sandbox and tests).
    public static func random() -> EncryptionKey {
        EncryptionKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    private init(bytes: Data) { self.bytes = bytes }

    /// The key as base64, for printing in sandbox mode only.
    public var base64: String { bytes.base64EncodedString() }
}

/// A configuration problem that stops the server from starting; the message is printed as is.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
