import Crypto
import Foundation
import Testing
import UnifiedCRMCore

/// Provider webhook verification, each scheme against a signature computed here independently.
@Suite struct WebhookVerifierTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let body = Array(#"[{"objectId":1,"subscriptionType":"deal.creation"}]"#.utf8)

    var hmac: WebhookVerifier {
        WebhookVerifier(.hmacSHA256(.init(header: "X-HubSpot-Signature-v3", encoding: .base64, message: [.method, .url, .body, .header("X-HubSpot-Request-Timestamp")],
                                          secret: "oauth_app.client_secret",
                                          timestamp: .init(header: "X-HubSpot-Request-Timestamp", unit: .milliseconds, maxAgeSeconds: 300))))
    }

    func signed(_ body: [UInt8], secret: String = "app-secret", sentAt: Date, url: String = "https://crm.example/webhooks/hubspot") -> WebhookVerifier.Request {
        let timestamp = String(Int64(sentAt.timeIntervalSince1970 * 1000))
        let mac = HMAC<SHA256>.authenticationCode(for: Array(("POST" + url).utf8) + body + Array(timestamp.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return .init(method: "POST", url: url, headers: [("x-hubspot-signature-v3", Data(mac).base64EncodedString()), ("X-HubSpot-Request-Timestamp", timestamp)], body: body)
    }

    @Test func hubSpotV3SignaturesVerifyOverMethodURLBodyAndTimestamp() throws {
        try hmac.verify(signed(body, sentAt: now.addingTimeInterval(-10)), secrets: .init(clientSecret: "app-secret"), now: now)
    }

    @Test func aChangedBodyURLOrSecretOrAnOldTimestampIsRefused() throws {
        let secrets = WebhookVerifier.Secrets(clientSecret: "app-secret")
        var tampered = signed(body, sentAt: now)
        tampered.body[5] ^= 1
        #expect(throws: WebhookVerifier.Failure.self) { try hmac.verify(tampered, secrets: secrets, now: now) }
        var moved = signed(body, sentAt: now)
        moved.url = "https://evil.example/webhooks/hubspot"
        #expect(throws: WebhookVerifier.Failure.self) { try hmac.verify(moved, secrets: secrets, now: now) }
        #expect(throws: WebhookVerifier.Failure.self) { try hmac.verify(signed(body, secret: "other", sentAt: now), secrets: secrets, now: now) }
        let stale = signed(body, sentAt: now.addingTimeInterval(-301))
        #expect { try hmac.verify(stale, secrets: secrets, now: now) } throws: { ($0 as? WebhookVerifier.Failure)?.description.contains("300 s") == true }
        #expect(throws: WebhookVerifier.Failure.self) { try hmac.verify(signed(body, sentAt: now), secrets: .init(), now: now) }
    }

    @Test func basicCredentialsMustMatchTheRegisteredOnes() throws {
        let verifier = WebhookVerifier(.basic)
        func request(_ credentials: String?) -> WebhookVerifier.Request {
            .init(method: "POST", url: "", headers: credentials.map { [("Authorization", "Basic " + Data($0.utf8).base64EncodedString())] } ?? [], body: body)
        }
        let secrets = WebhookVerifier.Secrets(basic: ("ucrm-user", "pa:ss"))
        try verifier.verify(request("ucrm-user:pa:ss"), secrets: secrets)
        #expect(throws: WebhookVerifier.Failure.self) { try verifier.verify(request("ucrm-user:wrong"), secrets: secrets) }
        #expect(throws: WebhookVerifier.Failure.self) { try verifier.verify(request(nil), secrets: secrets) }
        #expect(throws: WebhookVerifier.Failure.self) { try verifier.verify(request("ucrm-user:pa:ss"), secrets: .init()) }
    }

    @Test func ed25519SignaturesVerifyWithThePublishedOrTheReplacedKey() throws {
        let published = Curve25519.Signing.PrivateKey(), replaced = Curve25519.Signing.PrivateKey()
        let verifier = WebhookVerifier(.ed25519(.init(header: "X-GHL-Signature", encoding: .base64, message: [.body],
                                                      publicKeyPEM: Ed25519PublicKeyPEM.encode(published.publicKey), timestamp: nil)))
        func request(_ key: Curve25519.Signing.PrivateKey, _ body: [UInt8]) throws -> WebhookVerifier.Request {
            .init(method: "POST", url: "", headers: [("X-GHL-Signature", try key.signature(for: body).base64EncodedString())], body: body)
        }
        try verifier.verify(request(published, body), secrets: .init())
        #expect(throws: WebhookVerifier.Failure.self) { try verifier.verify(try request(replaced, body), secrets: .init()) }
        try verifier.verify(request(replaced, body), secrets: .init(publicKeyPEM: Ed25519PublicKeyPEM.encode(replaced.publicKey)))
        var tampered = try request(published, body)
        tampered.body.append(32)
        #expect(throws: WebhookVerifier.Failure.self) { try verifier.verify(tampered, secrets: .init()) }
    }

    @Test func publicKeysRoundTripThroughPEMAndOtherKeysAreRefused() throws {
        let key = Curve25519.Signing.PrivateKey().publicKey
        #expect(try Ed25519PublicKeyPEM.parse(Ed25519PublicKeyPEM.encode(key)).rawRepresentation == key.rawRepresentation)
        let oneLine = Ed25519PublicKeyPEM.encode(key).replacingOccurrences(of: "\n", with: "")
        #expect(try Ed25519PublicKeyPEM.parse(oneLine).rawRepresentation == key.rawRepresentation, "a PEM on one line")
        #expect(throws: Ed25519PublicKeyPEM.Invalid.self) { try Ed25519PublicKeyPEM.parse("-----BEGIN PUBLIC KEY-----") }
        let p256 = P256.Signing.PrivateKey().publicKey.pemRepresentation
        #expect(throws: Ed25519PublicKeyPEM.Invalid.self) { try Ed25519PublicKeyPEM.parse(p256) }
    }
}
