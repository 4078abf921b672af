import Foundation
import HummingbirdTesting
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// Webhook subscriptions, signed at-least-once delivery of unified events, the delivery log,
/// durability across a restart, and the SSRF rules.
@Suite struct WebhookTests {
    static func subscribe(_ client: any TestClientProtocol, url: String, types: [String], account: String? = nil) async throws -> (id: String, secret: String) {
        var body: [String: JSONValue] = ["target_url": .string(url), "event_types": .array(types.map(JSONValue.string))]
        if let account { body["integrated_account_id"] = .string(account) }
        let created = try await client.send(.post, "/webhook", json: .object(body))
        #expect(created.status == .created, "\(created.text)")
        return (created.json["id"]?.stringValue ?? "", created.json["secret"]?.stringValue ?? "")
    }

    static func worker(_ h: ProviderHarness) throws -> WebhookDeliveryWorker { try #require(h.server.dependencies.webhookWorker) }

    @Test(arguments: ProviderCase.allCases)
    func aRecordWrittenThroughTheAPIIsASignedEventAtTheReceiver(provider: ProviderCase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await ProviderHarness.run(provider) { h, client in
                let hook = try await Self.subscribe(client, url: url, types: ["record:created", "record:updated", "record:deleted"], account: h.accountID)
                let created = try await client.send(.post, h.uri(), json: h.createBody(name: "Webhook deal"))
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"]?.stringValue)
                let updated = try await client.send(.patch, h.uri("/\(id)"), json: .object(["name": .string("Webhook deal 2")]))
                #expect(updated.status == .ok, "\(updated.text)")
                try await Self.worker(h).deliverDue()
                try await Self.worker(h).deliverDue()
                let got = receiver.received
                #expect(got.count == 2, "created, then updated (in order)")
                #expect(got.allSatisfy { WebhookReceiver.verify($0, secret: hook.secret) }, "X-Truto-Signature and the timestamped signature")
                let first = try #require(got.first?.json), second = try #require(got.last?.json)
                #expect(first["event"] == .string("record:created"))
                #expect(second["event"] == .string("record:updated"))
                #expect(first["webhook_id"] == .string(hook.id))
                #expect(first["payload"]?["integrated_account_id"] == .string(h.accountID))
                #expect(first["payload"]?["integration"] == .string(provider.integration))
                #expect(first["payload"]?["resource"] == .string("opportunities"))
                #expect(first["payload"]?["id"] == .string(id))
                #expect(first["payload"]?["record"]?["name"] == .string("Webhook deal"))
                #expect(first["payload"]?["record"]?["remote_data"] == nil)
                #expect(second["payload"]?["changed_fields"] == .array([.string("name")]))
                let log = try await client.send(.get, "/webhook/\(hook.id)/deliveries")
                #expect(log.json["result"]?.arrayValue?.allSatisfy { $0["status"] == .string("delivered") } == true)
            }
        }
    }

    @Test func aReceiverThatIsDownGetsTheEventWhenItIsBackWithTheSameID() async throws {
        let receiver = WebhookReceiver()
        receiver.answer(503)
        try await receiver.run { url in
            try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
                let hook = try await Self.subscribe(client, url: url, types: ["integrated_account:updated"])
                #expect(try await client.send(.patch, "/integrated-account/\(h.accountID)", json: .object(["tenant_id": .string("moved")])).status == .ok)
                let worker = try Self.worker(h)
                await worker.deliverDue()
                await worker.deliverDue(now: Date().addingTimeInterval(60))
                receiver.answer(200)
                await worker.deliverDue(now: Date().addingTimeInterval(120))
                let got = receiver.received
                #expect(got.count == 3)
                #expect(Set(got.map { $0.json["id"] ?? .null }).count == 1, "one event id across retries")
                let log = try await client.send(.get, "/webhook/\(hook.id)/deliveries")
                let delivery = try #require(log.json["result"]?.arrayValue?.first)
                #expect(delivery["status"] == .string("delivered"))
                #expect(delivery["attempts"]?.arrayValue?.compactMap { $0["status"]?.numberValue?.int64 } == [503, 503, 200])
                // A manual retry sends it again, same event.
                let retried = try await client.send(.post, "/webhook/\(hook.id)/deliveries/\(delivery["id"]?.stringValue ?? "")/retry")
                #expect(retried.status == .accepted, "\(retried.text)")
                await worker.deliverDue()
                #expect(receiver.received.count == 4)
                #expect(receiver.received.last?.json["id"] == got.first?.json["id"])
            }
        }
    }

    @Test func queuedEventsSurviveARestart() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await ProviderHarness.run(try ProviderCase.named("pipedrive")) { h, client in
                _ = try await Self.subscribe(client, url: url, types: ["integrated_account:updated", "integrated_account:authentication_error"])
                #expect(try await client.send(.patch, "/integrated-account/\(h.accountID)", json: .object(["status": .string("disabled")])).status == .ok)
                // The process dies before delivering (nothing ran the worker); a new one opens the same file.
                let reopened = try AppDatabase(path: h.server.databasePath, encryptionKey: h.server.key)
                let worker = WebhookDeliveryWorker(store: reopened, transport: HTTPClientTransport(client: WebhookHTTPClient.shared),
                                                   policy: WebhookTargetPolicy(allowHTTP: true, allowPrivateTargets: true))
                await worker.deliverDue()
                #expect(receiver.received.count == 1)
                #expect(receiver.received.first?.json["payload"]?["status"] == .string("disabled"))
                #expect(receiver.received.first?.json["payload"]?["context"]?["api_key"] == .string("[redacted]"), "no secret in an event")
            }
        }
    }

    @Test func eventsOfOneRecordKeepTheirOrderWhileTheFirstIsRetried() async throws {
        let receiver = WebhookReceiver()
        receiver.answer(500)
        try await receiver.run { url in
            try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
                _ = try await Self.subscribe(client, url: url, types: ["integrated_account:updated"])
                for tenant in ["one", "two", "three"] {
                    _ = try await client.send(.patch, "/integrated-account/\(h.accountID)", json: .object(["tenant_id": .string(tenant)]))
                }
                let worker = try Self.worker(h)
                await worker.deliverDue()
                #expect(receiver.received.count == 1, "later events wait for the first")
                receiver.answer(200)
                for step in 1...3 { await worker.deliverDue(now: Date().addingTimeInterval(Double(step) * 60)) }
                let tenants = receiver.received.dropFirst().compactMap { $0.json["payload"]?["tenant_id"]?.stringValue }
                #expect(tenants == ["one", "two", "three"])
            }
        }
    }

    @Test func subscriptionsAreValidatedAndTheSecretIsShownOnce() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let hook = try await Self.subscribe(client, url: "https://hooks.example.com/crm", types: ["record:created"])
            #expect(hook.secret.count == 64)
            let read = try await client.send(.get, "/webhook/\(hook.id)")
            #expect(read.json["secret"] == nil)
            #expect(read.json["status"] == .string("active"))
            let patched = try await client.send(.patch, "/webhook/\(hook.id)", json: .object(["is_active": .bool(false), "event_types": .array([.string("record:deleted")])]))
            #expect(patched.json["is_active"] == .bool(false))
            #expect(patched.json["event_types"] == .array([.string("record:deleted")]))
            let list = try await client.send(.get, "/webhook")
            #expect(list.json["result"]?.arrayValue?.count == 1)
            for (body, field) in [
                (#"{"target_url":"https://x.example/","event_types":["record:exploded"]}"#, "event_types[0]"),
                (#"{"target_url":"https://x.example/","event_types":[]}"#, "event_types"),
                (#"{"event_types":["record:created"]}"#, "target_url"),
                (#"{"target_url":"ftp://x.example/","event_types":["record:created"]}"#, "target_url"),
                (#"{"target_url":"https://x.example/","event_types":["record:created"],"secret":"mine"}"#, "secret"),
                (#"{"target_url":"https://x.example/","event_types":["record:created"],"integrated_account_id":"6f1c0000-0000-4000-8000-000000000000"}"#, "integrated_account_id"),
            ] {
                let answer = try await client.send(.post, "/webhook", raw: body)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(answer.json["error"]?["details"]?["field"] == .string(field), "\(body): \(answer.text)")
            }
            #expect(try await client.send(.delete, "/webhook/\(hook.id)").status == .ok)
            #expect(try await client.send(.get, "/webhook/\(hook.id)").status == .notFound)
            _ = h
        }
    }

    @Test func privateAndPlainHTTPTargetsAreRefusedUnlessTheOperatorAllowsThem() async throws {
        let strict = WebhookTargetPolicy()
        for url in ["http://hooks.example.com/", "https://127.0.0.1/", "https://10.1.2.3/x", "https://[::1]/", "https://169.254.169.254/latest", "https://[::ffff:192.168.0.1]/"] {
            #expect(throws: APIError.self, "\(url)") { try strict.checkURL(url) }
        }
        #expect(throws: Never.self) { try strict.checkURL("https://hooks.example.com/crm") }
        // At delivery time, by what the name resolves to (localhost → loopback).
        #expect(await strict.refusal(host: "localhost") != nil)
        #expect(await strict.refusal(host: "93.184.215.14") == nil)
        #expect(await WebhookTargetPolicy(allowHTTP: true, allowPrivateTargets: true).refusal(host: "localhost") == nil)
        for (text, isPublic) in [("8.8.8.8", true), ("100.64.0.1", false), ("172.20.0.1", false), ("2001:4860::8888", true), ("fe80::1", false), ("fd00:ec2::254", false)] {
            #expect(IPAddressClass(literal: text)?.isPublic == isPublic, "\(text)")
        }
    }

    @Test func aDeliveryToAPrivateAddressIsRefusedAndLogged() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            let mappings = try MappingDirectory.load(repositoryMappings)
            let server = try TestServer(mappings: mappings, caller: ProviderCaller(transport: PooledProviderTransport.shared), webhookPolicy: WebhookTargetPolicy(allowHTTP: true))
            try await server.test { client in
                // localhost passes the URL check (a name) but resolves to loopback at delivery time.
                let hook = try await Self.subscribe(client, url: url.replacingOccurrences(of: "127.0.0.1", with: "localhost"), types: ["record:created"])
                #expect(try await client.send(.post, "/webhook/\(hook.id)/test").status == .accepted)
                try await #require(server.dependencies.webhookWorker).deliverDue()
                #expect(receiver.received.isEmpty, "nothing sent")
                let log = try await client.send(.get, "/webhook/\(hook.id)/deliveries")
                let attempt = try #require(log.json["result"]?.arrayValue?.first?["attempts"]?.arrayValue?.first)
                #expect(attempt["response_excerpt"]?.stringValue?.contains("non-public") == true, "\(attempt)")
            }
        }
    }
}
