import Crypto
import Synchronization
import Foundation

/// The `state` of a connect flow: which tenant connects which integration, where the browser
/// returns, until when it is valid, and a nonce that makes it single-use (`OAuthStateStore`).
public struct ConnectState: Sendable, Equatable {
    /// How long a browser has to come back from the provider's consent page.
    public static let lifetime: TimeInterval = 600

    public var nonce: String
    public var tenantID: String
    public var integration: String
    public var returnURL: String
    public var expiresAt: Date

    public init(nonce: String = ConnectState.randomNonce(), tenantID: String, integration: String, returnURL: String, expiresAt: Date) {
        self.nonce = nonce
        self.tenantID = tenantID
        self.integration = integration
        self.returnURL = returnURL
        self.expiresAt = Date(timeIntervalSince1970: expiresAt.timeIntervalSince1970.rounded(.down))
    }

    public static func randomNonce() -> String {
        SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }.base64URLEncoded
    }

    var json: JSONValue {
        .object(["n": .string(nonce), "t": .string(tenantID), "i": .string(integration), "r": .string(returnURL),
                 "e": .integer(Int(expiresAt.timeIntervalSince1970))])
    }
}

/// Signs and verifies connect states: `base64url(payload).base64url(HMAC-SHA256)`, keyed by a key
/// derived (HKDF) from the credential encryption key, so no other secret needs configuring.
public struct ConnectStateSigner: Sendable {
    private let key: Data

    public init(encryptionKey: EncryptionKey) {
        let derived = HKDF<SHA256>.deriveKey(inputKeyMaterial: encryptionKey.key, info: Data("unified-crm oauth connect state v1".utf8), outputByteCount: 32)
        self.key = derived.withUnsafeBytes { Data($0) }
    }

    public func sign(_ state: ConnectState) -> String {
        let payload = Data(JSONWriter.encode(state.json))
        return payload.base64URLEncoded + "." + mac(payload).base64URLEncoded
    }

    /// The state `text` carries, or a 400 `invalid_state`: tampered with, malformed or expired.
    public func verify(_ text: String, now: Date = Date()) throws -> ConnectState {
        let refuse = { (why: String) in APIError(.invalidState, "The OAuth `state` \(why); start the connection again.", details: ["parameter": .string("state")]) }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 8192, parts.count == 2, let payload = Data(base64URLEncoded: String(parts[0])),
              let signature = Data(base64URLEncoded: String(parts[1])) else { throw refuse("is malformed") }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: SymmetricKey(data: key)) else {
            throw refuse("was not issued by this server or was altered")
        }
        guard let json = try? JSONParser.parse(payload, limits: .requestBody), let nonce = json["n"]?.stringValue, let tenant = json["t"]?.stringValue,
              let integration = json["i"]?.stringValue, let returnURL = json["r"]?.stringValue, let expiry = json["e"]?.numberValue?.int64 else {
            throw refuse("is malformed")
        }
        let state = ConnectState(nonce: nonce, tenantID: tenant, integration: integration, returnURL: returnURL, expiresAt: Date(timeIntervalSince1970: Double(expiry)))
        guard state.expiresAt > now else { throw refuse("has expired (a connection must finish within \(Int(ConnectState.lifetime / 60)) minutes)") }
        return state
    }

    private func mac(_ payload: Data) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: key)))
    }
}

/// Where used connect states are remembered until they expire, so each works once (SQLite now,
/// PostgreSQL later).
public protocol OAuthStateStore: Sendable {
    /// Records the nonce as used; false when it already was.
    func consumeState(nonce: String, expiresAt: Date) async throws -> Bool
}

/// Used states in memory (tests).
public final class InMemoryOAuthStateStore: OAuthStateStore {
    private let used = Mutex<[String: Date]>([:])
    public init() {}
    public func consumeState(nonce: String, expiresAt: Date) async throws -> Bool {
        used.withLock { used in
            let now = Date()
            used = used.filter { $0.value > now }
            return used.updateValue(expiresAt, forKey: nonce) == nil
        }
    }
}

extension Data {
    /// Base64url without padding (RFC 4648 §5).
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncoded text: String) {
        guard text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}
