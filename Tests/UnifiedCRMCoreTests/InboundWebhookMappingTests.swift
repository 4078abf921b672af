import Crypto
import Foundation
import Testing
import UnifiedCRMCore

private func compile(webhooks: JSONValue, oauth: Bool = false) -> (ProviderMapping?, [MappingDiagnostic]) {
    var json = (try? JSONValue.parse(Data(validMapping.utf8))) ?? .null
    json.set(webhooks, at: ["webhooks"])
    if oauth {
        json.set(.from(#"""
        {"requires": ["oauth.token.access_token"], "headers": {"Authorization": "Bearer {context.oauth.token.access_token}"},
         "authorize": {"url": "https://auth.tiny.example/authorize"},
         "token": {"url": "https://auth.tiny.example/token", "invalid_grant": [{"path": "error", "values": ["invalid_grant"]}]}}
        """#), at: ["auth", "oauth"])
    }
    return MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas)
}

/// A valid app-level `webhooks` section (HubSpot's shape); tests break one part of it.
let appWebhooks = JSONValue.from(#"""
{"endpoint": "integration",
 "verify": {"scheme": "hmac_sha256", "header": "X-Sig", "encoding": "base64", "message": ["method", "url", "body", "header:X-Time"],
            "secret": "oauth_app.client_secret", "timestamp": {"header": "X-Time", "unit": "milliseconds", "max_age_seconds": 300}},
 "identity": [{"context": "tiny_id"}, {"method": "GET", "path": "/me", "value": "account.id"}],
 "events": {"items": "", "account": "portal", "type": "kind", "id": "objectId", "changed_field": "property"},
 "types": {"deal.created": {"event": "record:created", "resource": "opportunities"},
           "deal.changed": {"event": "record:updated", "resource": "opportunities"},
           "deal.staged": {"event": "record:updated", "resource": "opportunities", "changed_fields": ["status"]},
           "deal.deleted": {"event": "record:deleted", "resource": "opportunities"}}}
"""#)

@Suite struct InboundWebhookMappingTests {
    @Test func aValidSectionCompilesIntoItsPlan() throws {
        let (mapping, diagnostics) = compile(webhooks: appWebhooks, oauth: true)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let spec = try #require(mapping?.webhooks)
        #expect(spec.endpoint == .integration)
        #expect(spec.identity == [.context(["tiny_id"]), .request(method: "GET", path: "/me", value: ["account", "id"])])
        #expect(spec.types["deal.staged"] == .init(event: .recordUpdated, resource: "opportunities", changedFields: ["status"]))
        guard case .hmacSHA256(let rule) = spec.verification else { Issue.record("not hmac"); return }
        #expect(rule.message == [.method, .url, .body, .header("X-Time")])
        #expect(rule.timestamp?.maxAgeSeconds == 300)
    }

    @Test(arguments: [
        (["verify", "algorithm"], JSONValue.string("x"), "$.webhooks.verify.algorithm", "unknown_key"),
        (["verify", "secret"], .string("env.SECRET"), "$.webhooks.verify.secret", "invalid_value"),
        (["verify", "message"], .array([.string("method"), .string("url")]), "$.webhooks.verify.message", "invalid_value"),
        (["verify", "message"], .array([.string("body"), .string("cookie")]), "$.webhooks.verify.message[1]", "invalid_value"),
        (["events", "account"], .null, "$.webhooks.events.account", "missing"),
        (["types", "deal.created", "resource"], .string("contacts"), "$.webhooks.types.deal.created.resource", "unknown_resource"),
        (["types", "deal.staged", "changed_fields"], .array([.string("colour")]), "$.webhooks.types.deal.staged.changed_fields", "unknown_field"),
        (["types", "deal.created", "event"], .string("integrated_account:created"), "$.webhooks.types.deal.created.event", "invalid_value"),
        (["endpoint"], .string("both"), "$.webhooks.endpoint", "invalid_value"),
    ] as [([String], JSONValue, String, String)])
    func aBrokenSectionIsADiagnosticAtItsPath(path: [String], value: JSONValue, at: String, code: String) {
        var section = appWebhooks
        if value == .null { section.remove(at: path) } else { section.set(value, at: path) }
        let (mapping, diagnostics) = compile(webhooks: section, oauth: true)
        #expect(mapping == nil)
        #expect(diagnostics.contains { $0.path == at && $0.code == code }, "\(diagnostics)")
    }

    @Test func anHMACWithTheAppSecretNeedsAnOAuthApp() {
        let (_, diagnostics) = compile(webhooks: appWebhooks, oauth: false)
        #expect(diagnostics.contains { $0.path == "$.webhooks.verify.secret" && $0.message.contains("auth.oauth") }, "\(diagnostics)")
    }

    @Test func basicCredentialsArePerAccountAndNeedARegistration() {
        var section = appWebhooks
        section.set(.from(#"{"scheme": "basic"}"#), at: ["verify"])
        #expect(compile(webhooks: section).1.contains { $0.path == "$.webhooks.verify.scheme" }, "basic with endpoint integration")
        section.set(.string("account"), at: ["endpoint"])
        #expect(compile(webhooks: section).1.contains { $0.path == "$.webhooks.registration" && $0.code == "missing" })
        section.set(.from(#"{"path": "/hooks", "id": "data.id", "delete": "/hooks/{id}", "body": {"url": "{webhook.url}"}}"#), at: ["registration"])
        let (mapping, diagnostics) = compile(webhooks: section)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(mapping?.webhooks?.registration?.deletePath == "/hooks/{id}")
    }

    @Test func anEd25519KeyMustBeAKey() {
        var section = appWebhooks
        section.set(.from(#"{"scheme": "ed25519", "header": "X-Sig", "message": ["body"], "public_key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}"#), at: ["verify"])
        #expect(compile(webhooks: section).1.contains { $0.path == "$.webhooks.verify.public_key" && $0.code == "invalid_value" })
        section.set(.string(Ed25519PublicKeyPEM.encode(Curve25519.Signing.PrivateKey().publicKey)), at: ["verify", "public_key"])
        #expect(compile(webhooks: section).1.isEmpty)
    }
}
