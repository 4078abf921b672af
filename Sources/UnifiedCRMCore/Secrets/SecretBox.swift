import Crypto
import Foundation

/// Seals and opens byte strings with AES-GCM; the stored form is nonce ‖ ciphertext ‖ tag.
public struct SecretBox: Sendable {
    let key: EncryptionKey

    public init(key: EncryptionKey) { self.key = key }

    public func seal(_ plaintext: Data) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key.key)
        guard let combined = box.combined else { throw SecretBoxError.sealFailed }
        return combined
    }

    public func open(_ sealed: Data) throws -> Data {
        do {
            return try AES.GCM.open(try AES.GCM.SealedBox(combined: sealed), using: key.key)
        } catch {
            throw SecretBoxError.openFailed
        }
    }
}

public enum SecretBoxError: Error, CustomStringConvertible, Sendable {
    case sealFailed
    case openFailed

    public var description: String {
        switch self {
        case .sealFailed: "Could not encrypt a credential."
        case .openFailed: "Could not decrypt a stored credential: UNIFIED_CRM_ENCRYPTION_KEY differs from the key it was stored with."
        }
    }
}
