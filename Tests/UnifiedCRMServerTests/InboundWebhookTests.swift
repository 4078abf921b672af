import Crypto
import FakeProviderKit
import Foundation
import NIOHTTP1
import Testing
import UnifiedCRMCore

/// Provider webhooks end to end: a change in each emulator (made by another account, so this
/// one did not see it happen) reaches a receiver as a signed unified event; a request whose
/// signature or credentials are wrong is 401 with nothing emitted. The set-up follows each
/// mapping's `webhooks` section (its endpoint and scheme), never the provider's name.
@Suite struct InboundWebhookTests {
    static let providers = ProviderCase.allCases.filter { provider in
        (try? MappingDirectory.load(repositoryMappings).mappings[provider.integration]?.webhooks) != nil
    }

    /// Connects the emulator's webhooks to the server as the provider would be set up: app-level
    /// webhooks configured at the emulator (with the OAuth app's secret or the emulator's public
    /// key given to the server), or the account's webhook registered by the server itself.
    static func connect(_ h: LiveServerHarness, account: String) async throws {
        let spec = try #require(h.dependencies.unified?.mappings.mappings[h.provider.integration]?.webhooks)
        let oauth = try JSONValue.parse(try ProviderFixtures(mappingsDirectory: repositoryMappings, provider: h.provider.integration).data("oauth.json"))
        var app: [String: JSONValue] = ["client_id": oauth["client"]?["client_id"] ?? .null, "client_secret": oauth["client"]?["client_secret"] ?? .null,
                                        "redirect_uri": .string("http://127.0.0.1/oauth/callback")]
        if case .ed25519 = spec.verification {
            app["webhook_public_key"] = try await h.call(.GET, h.emulatorURL + "/__admin/webhooks/public-key").json["public_key_pem"]
        }
        #expect(try await h.call(.PUT, "/integration/\(h.provider.integration)/oauth-app", body: .object(app)).status == 200)
        switch spec.endpoint {
        case .integration:
            let target = try await h.call(.PUT, h.emulatorURL + "/__admin/webhooks", body: .object(["target_url": .string("\(h.serverURL)/webhooks/\(h.provider.integration)")]))
            #expect(target.status == 200)
        case .account:
            try await LiveServerHarness.eventually("the server registers the account's webhook") {
                try await h.database.accountLink(accountID: try #require(UUID(uuidString: account)))?.registrationID != nil
            }
            let events = try await h.call(.GET, "/integrated-account/\(account)/events").json
            #expect(events["result"]?.arrayValue?.isEmpty ?? true, "\(events)")
        }
    }

    /// An account created through the admin API (so its webhook set-up runs), and a second one on
    /// the same CRM created directly (it registers nothing).
    static func accounts(_ h: LiveServerHarness) async throws -> (ours: String, other: String) {
        let body = JSONValue.object(["integration": .string(h.provider.integration), "tenant_id": .string("t1"), "context": h.provider.context])
        let ours = try #require(try await h.call(.POST, "/integrated-account", body: body).json["id"]?.stringValue)
        let other = try await AccountService(database: h.database, catalog: h.dependencies.catalog)
            .create(body: .object(["integration": .string(h.provider.integration), "tenant_id": .string("t2"), "context": h.provider.context]))
        return (ours, other.id.uuidString.lowercased())
    }

    func createPath(_ h: LiveServerHarness, account: String) -> String {
        "/unified/crm/opportunities?integrated_account_id=\(account)"
    }

    @Test(arguments: providers)
    func aChangeInTheProviderIsASignedUnifiedEventAndOurOwnWriteIsAnnouncedOnce(provider: ProviderCase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await LiveServerHarness.run(provider) { h in
                let (ours, other) = try await Self.accounts(h)
                try await Self.connect(h, account: ours)
                let hook = try await h.call(.POST, "/webhook", body: .object(["target_url": .string(url), "integrated_account_id": .string(ours),
                                                                             "event_types": .array([.string("record:created"), .string("record:updated")])])).json
                let secret = try #require(hook["secret"]?.stringValue)
                let create = { (account: String, name: String) -> String in
                    var body = provider.data["create_body"] ?? .object([:])
                    body.set(.string(name), at: ["name"])
                    let created = try await h.call(.POST, createPath(h, account: account), body: body)
                    #expect(created.status == 201, "\(created.json)")
                    return try #require(created.json["id"]?.stringValue)
                }
                // Made through the other account: only the provider's webhook tells this one.
                let elsewhere = try await create(other, "Made elsewhere")
                try await LiveServerHarness.eventually("the provider's event reaches the receiver") {
                    receiver.received.contains { $0.json["payload"]?["id"] == .string(elsewhere) }
                }
                let event = try #require(receiver.received.first { $0.json["payload"]?["id"] == .string(elsewhere) })
                #expect(WebhookReceiver.verify(event, secret: secret), "X-Truto-Signature")
                #expect(event.json["event"] == .string("record:created"))
                #expect(event.json["payload"]?["integrated_account_id"] == .string(ours))
                #expect(event.json["payload"]?["integration"] == .string(provider.integration))
                #expect(event.json["payload"]?["record"]?["name"] == .string("Made elsewhere"), "the record, fetched through the account")

                // Made through this account: announced by the write; the provider's echo is not emitted again.
                let mine = try await create(ours, "Made here")
                try await LiveServerHarness.eventually("the emulator delivered its echo and the server processed it") {
                    let sent = try await h.call(.GET, h.emulatorURL + "/__admin/webhooks/deliveries").json["deliveries"]?.arrayValue ?? []
                    let pending = try await h.database.dueInbound(now: Date().addingTimeInterval(3600), limit: 10)
                    return sent.contains { ($0["body"]?.stringValue ?? "").contains(mine) && $0["status"] == .integer(200) } && pending.isEmpty
                }
                try await Task.sleep(for: .milliseconds(300))
                #expect(receiver.received.filter { $0.json["payload"]?["id"] == .string(mine) }.count == 1, "one record:created for our own write")
            }
        }
    }

    @Test(arguments: providers)
    func aWrongSignatureOrCredentialIs401AndNothingIsEmitted(provider: ProviderCase) async throws {
        try await LiveServerHarness.run(provider) { h in
            let (ours, other) = try await Self.accounts(h)
            try await Self.connect(h, account: ours)
            var body = provider.data["create_body"] ?? .object([:])
            body.set(.string("Signed"), at: ["name"])
            #expect(try await h.call(.POST, createPath(h, account: other), body: body).status == 201)
            try await LiveServerHarness.eventually("the emulator sent a request the server accepted") {
                (try await h.call(.GET, h.emulatorURL + "/__admin/webhooks/deliveries").json["deliveries"]?.arrayValue ?? []).contains { $0["status"] == .integer(200) }
            }
            let sent = try #require((try await h.call(.GET, h.emulatorURL + "/__admin/webhooks/deliveries").json["deliveries"]?.arrayValue)?.first { $0["status"] == .integer(200) })
            let spec = try #require(h.dependencies.unified?.mappings.mappings[provider.integration]?.webhooks)
            let proof: String = switch spec.verification {
            case .basic: "Authorization"
            case .hmacSHA256(let rule): rule.header
            case .ed25519(let rule): rule.header
            }
            let headers = (sent["headers"]?.objectValue ?? [:]).compactMap { name, value in value.stringValue.map { (name, $0) } }
            let url = try #require(sent["url"]?.stringValue), bytes = Array((sent["body"]?.stringValue ?? "").utf8)
            let queuedBefore = try await h.database.dueInbound(now: Date().addingTimeInterval(3600), limit: 100).count
            #expect(try await h.call(.POST, url, headers: headers, raw: bytes).status == 200, "the provider's request, replayed as sent, verifies")
            for forged in ["Basic " + Data("x:y".utf8).base64EncodedString(), Data(repeating: 7, count: 64).base64EncodedString(), ""] {
                let tampered = headers.filter { $0.0.caseInsensitiveCompare(proof) != .orderedSame } + (forged.isEmpty ? [] : [(proof, forged)])
                let answer = try await h.call(.POST, url, headers: tampered, raw: bytes)
                #expect(answer.status == 401, "\(proof): \(forged.prefix(12))")
                #expect(answer.json["error"]?["code"] == .string("invalid_signature"))
            }
            // Correctly signed, but sent too long ago: a replay.
            if case .hmacSHA256(let rule) = spec.verification, let timestamp = rule.timestamp {
                let secret = try #require(try await h.dependencies.oauthApps.oauthApp(integration: provider.integration)?.clientSecret)
                let sentAt = Date().addingTimeInterval(-Double(timestamp.maxAgeSeconds) - 60)
                let stamp = timestamp.unit == .milliseconds ? String(Int64(sentAt.timeIntervalSince1970 * 1000)) : String(Int64(sentAt.timeIntervalSince1970))
                var stale = headers.filter { $0.0.caseInsensitiveCompare(timestamp.header) != .orderedSame && $0.0.caseInsensitiveCompare(rule.header) != .orderedSame }
                stale.append((timestamp.header, stamp))
                let signed = WebhookVerifier.Request(method: "POST", url: url, headers: stale, body: bytes)
                let mac = HMAC<SHA256>.authenticationCode(for: WebhookVerifierMessage.bytes(rule.message, signed), using: SymmetricKey(data: Data(secret.utf8)))
                stale.append((rule.header, rule.encoding == .base64 ? Data(mac).base64EncodedString() : mac.map { String(format: "%02x", $0) }.joined()))
                let answer = try await h.call(.POST, url, headers: stale, raw: bytes)
                #expect(answer.status == 401 && (answer.json["error"]?["message"]?.stringValue ?? "").contains("timestamp"), "\(answer.json)")
            }
            let queuedAfter = try await h.database.dueInbound(now: Date().addingTimeInterval(3600), limit: 100).count
            #expect(queuedAfter <= queuedBefore + 1, "only the replayed, verified request was kept")
        }
    }

    /// App-level providers whose account ids may need a provider call, with an HMAC the test can sign.
    static let learning = providers.filter { provider in
        guard let spec = try? MappingDirectory.load(repositoryMappings).mappings[provider.integration]?.webhooks, spec.endpoint == .integration,
              case .hmacSHA256 = spec.verification else { return false }
        return spec.identity.contains { if case .request = $0 { true } else { false } }
    }

    @Test(arguments: learning)
    func eventsForAnUnknownProviderAccountCostNoProviderCallEach(provider: ProviderCase) async throws {
        try await LiveServerHarness.run(provider) { h in
            let (ours, _) = try await Self.accounts(h)
            try await Self.connect(h, account: ours)
            let spec = try #require(h.dependencies.unified?.mappings.mappings[provider.integration]?.webhooks)
            guard case .hmacSHA256(let rule) = spec.verification, let accountPath = spec.accountPath,
                  let type = spec.types.first(where: { $0.value.event == .recordDeleted })?.key else { Issue.record("no signable deletion type"); return }
            try await LiveServerHarness.eventually("the account's id was learned") {
                try await h.database.accountLink(accountID: try #require(UUID(uuidString: ours)))?.remoteID != nil
            }
            // A third account whose set-up fails (the provider keeps answering 500): its id stays unknown.
            #expect(try await h.call(.POST, h.emulatorURL + "/__admin/faults", body: .from(#"{"kind": "status", "status": 500, "count": 50}"#)).status < 300)
            let body3 = JSONValue.object(["integration": .string(provider.integration), "tenant_id": .string("t3"), "context": provider.context])
            let thirdText = try await h.call(.POST, "/integrated-account", body: body3).json["id"]?.stringValue ?? ""
            let third = try #require(UUID(uuidString: thirdText))
            try await LiveServerHarness.eventually("the failed set-up is remembered", seconds: 60) { try await h.database.accountLink(accountID: third) != nil }
            #expect(try await h.database.accountLink(accountID: third)?.remoteID == nil)
            // One event in the provider's shape, for an account id nobody connected.
            var item = JSONValue.object([:])
            item.set(.string("no-such-account"), at: accountPath)
            item.set(.string("1"), at: spec.idPath)
            let typeParts = type.split(separator: ".").map(String.init)
            for (index, path) in spec.typePaths.enumerated() { item.set(.string(spec.typePaths.count == 1 ? type : typeParts[index]), at: path) }
            var body = item
            if let items = spec.itemsPath { body = items.isEmpty ? .array([item]) : { var b = JSONValue.object([:]); b.set(.array([item]), at: items); return b }() }
            let bytes = JSONWriter.encode(body), url = "\(h.serverURL)/webhooks/\(provider.integration)"
            let secret = try #require(try await h.dependencies.oauthApps.oauthApp(integration: provider.integration)?.clientSecret)
            var before = 0
            for attempt in 0..<3 {
                // The first event sets up the account that never was (the one created directly); later ones cost nothing.
                if attempt == 1 {
                    try await LiveServerHarness.eventually("the first request was processed") {
                        try await h.database.dueInbound(now: Date().addingTimeInterval(3600), limit: 10).isEmpty
                    }
                    before = await h.emulator.recorder.requests.count
                }
                var headers: [(String, String)] = [("Content-Type", "application/json")]
                if let timestamp = rule.timestamp {
                    let now = Date().timeIntervalSince1970
                    headers.append((timestamp.header, timestamp.unit == .milliseconds ? String(Int64(now * 1000)) : String(Int64(now))))
                }
                let mac = HMAC<SHA256>.authenticationCode(for: WebhookVerifierMessage.bytes(rule.message, .init(method: "POST", url: url, headers: headers, body: bytes)),
                                                          using: SymmetricKey(data: Data(secret.utf8)))
                headers.append((rule.header, rule.encoding == .base64 ? Data(mac).base64EncodedString() : mac.map { String(format: "%02x", $0) }.joined()))
                #expect(try await h.call(.POST, url, headers: headers, raw: bytes).status == 200)
            }
            try await LiveServerHarness.eventually("the three requests were processed") {
                try await h.database.dueInbound(now: Date().addingTimeInterval(3600), limit: 10).isEmpty
            }
            #expect(await h.emulator.recorder.requests.count == before, "no provider call per event for an account id nobody connected")
        }
    }

    static let registering = providers.filter { provider in
        (try? MappingDirectory.load(repositoryMappings).mappings[provider.integration]?.webhooks?.registration?.deletePath) != nil
    }

    @Test(arguments: registering)
    func aDeletedAccountsWebhookIsRemovedAtTheProvider(provider: ProviderCase) async throws {
        try await LiveServerHarness.run(provider) { h in
            let (ours, _) = try await Self.accounts(h)
            try await Self.connect(h, account: ours)
            let id = try #require(UUID(uuidString: ours))
            let link = try #require(try await h.database.accountLink(accountID: id))
            let registered = await h.emulator.recorder.requests.first { $0.method == "POST" }
            #expect(registered.map { String(decoding: $0.body, as: UTF8.self).contains("/integrated-account-webhook/\(ours)") } == true, "registered for the account's own URL")
            #expect(try await h.call(.DELETE, "/integrated-account/\(ours)").status == 200)
            try await LiveServerHarness.eventually("the registration is deleted at the provider") {
                let deleted = await h.emulator.recorder.requests.contains { $0.method == "DELETE" && $0.path.hasSuffix("/\(link.registrationID ?? "-")") }
                let unlinked = try await h.database.accountLink(accountID: id) == nil
                return deleted && unlinked
            }
        }
    }
}

/// The signed message of a verification rule, built here independently of the server.
enum WebhookVerifierMessage {
    static func bytes(_ parts: [WebhookVerification.MessagePart], _ request: WebhookVerifier.Request) -> [UInt8] {
        parts.flatMap { part -> [UInt8] in
            switch part {
            case .method: Array(request.method.utf8)
            case .url: Array(request.url.utf8)
            case .body: request.body
            case .header(let name): Array((request.header(name) ?? "").utf8)
            case .literal(let text): Array(text.utf8)
            }
        }
    }
}
