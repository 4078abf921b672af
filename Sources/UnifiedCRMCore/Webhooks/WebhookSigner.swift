import Crypto
import Foundation

/// The signature headers of a delivery. `X-Truto-Signature: format=sha256,v=<hex>` is the HMAC-SHA256
/// of the raw body with the subscription's secret, as Truto signs, so Truto clients verify
/// unchanged. It does not cover time, so `X-Unified-CRM-Signature: t=<unix seconds>,v1=<hex>` signs
/// `"<t>.<body>"` as well: a receiver that checks it (and that `t` is recent) refuses replays.
public enum WebhookSigner {
    public static func headers(body: [UInt8], secret: String, eventID: UUID, now: Date = Date()) -> [(String, String)] {
        let key = SymmetricKey(data: Data(secret.utf8))
        let timestamp = String(Int(now.timeIntervalSince1970))
        let plain = hex(HMAC<SHA256>.authenticationCode(for: body, using: key))
        let timed = hex(HMAC<SHA256>.authenticationCode(for: Array((timestamp + ".").utf8) + body, using: key))
        return [
            ("Content-Type", "application/json"),
            ("X-Truto-Signature", "format=sha256,v=\(plain)"),
            ("X-Unified-CRM-Timestamp", timestamp),
            ("X-Unified-CRM-Signature", "t=\(timestamp),v1=\(timed)"),
            ("X-Unified-CRM-Event-Id", eventID.uuidString.lowercased()),
        ]
    }

    static func hex<D: Sequence>(_ bytes: D) -> String where D.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A new subscription secret: 32 random bytes, hex.
    public static func newSecret() -> String {
        hex(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
    }
}
