import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ProviderEmulators

private let token = "pd-webhook-token"

private func auth() -> HTTPFields {
    var headers = HTTPFields()
    headers.append(.init(name: .init("x-api-token")!, value: token))
    headers[.contentType] = "application/json"
    return headers
}

private func pd(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: Any? = nil) async throws -> EmulatorReply {
    try await send(client, method, uri, headers: auth(), json: json)
}

private func data(_ reply: EmulatorReply) -> [String: Any] { reply.json["data"] as? [String: Any] ?? [:] }
private func meta(_ received: WebhookTestReceiver.Received) -> [String: Any] { received.object["meta"] as? [String: Any] ?? [:] }
private func same(_ a: Any?, _ b: Any?) -> Bool {
    let text = { (v: Any?) in v.flatMap { try? JSONSerialization.data(withJSONObject: [$0], options: [.sortedKeys]) } }
    return text(a) != nil && text(a) == text(b)
}

/// The company and token owner of `current-user.json`, read from the file.
private func company() throws -> (id: Int, user: Int, domain: String) {
    let user = try ProviderFixtures.pipedrive.object("current-user.json")
    return (try #require(user["company_id"] as? Int), try #require(user["id"] as? Int), try #require(user["company_domain"] as? String))
}

@Suite("Pipedrive webhooks")
struct PipedriveWebhookTests {
    @Test func webhooksAreCreatedListedAndDeletedAsPipedriveAnswers() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 2)
        let (companyID, userID, _) = try company()
        try await withEmulator(emulator) { client in
            let empty = try await pd(client, .post, "/v1/webhooks", json: [String: Any]())
            #expect(empty.status == .badRequest)
            #expect(empty.json["success"] as? Bool == false && empty.json["status"] as? String == "error")
            let missing = empty.json["errors"] as? [String: [String]] ?? [:]
            #expect(Set(missing.keys) == ["subscription_url", "event_action", "event_object", "name"])

            let invalid = try await pd(client, .post, "/v1/webhooks", json: [
                "subscription_url": "not a url", "event_action": "added", "event_object": "deal", "name": "x", "version": "3.0"])
            let errors = invalid.json["errors"] as? [String: [String]] ?? [:]
            #expect(errors["subscription_url"] == ["invalid or non-reachable URL"])
            #expect(Set(errors.keys) == ["subscription_url", "event_action", "version"])

            let created = try await pd(client, .post, "/v1/webhooks", json: [
                "subscription_url": "https://example.com/hook", "event_action": "*", "event_object": "deal", "name": "Deals",
                "http_auth_user": "hook", "http_auth_password": "s3cret"])
            #expect(created.status == .created)
            #expect(created.json["success"] as? Bool == true && created.json["status"] as? String == "ok")
            let webhook = data(created)
            let id = try #require(webhook["id"] as? Int)
            #expect(webhook["company_id"] as? Int == companyID)
            #expect(webhook["owner_id"] as? Int == userID && webhook["user_id"] as? Int == userID)
            #expect(webhook["version"] as? String == "2.0")
            #expect(webhook["is_active"] as? Int == 1 && webhook["type"] as? String == "general")
            #expect(webhook["http_auth_user"] as? String == "hook" && webhook["remove_time"] is NSNull)
            #expect((webhook["add_time"] as? String)?.hasSuffix("Z") == true)

            let listed = try await pd(client, .get, "/v1/webhooks")
            #expect((listed.json["data"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == [id])
            #expect(try await pd(client, .delete, "/v1/webhooks/\(id)").json["success"] as? Bool == true)
            let gone = try await pd(client, .delete, "/v1/webhooks/\(id)")
            #expect(gone.status == .notFound)
            #expect((gone.json["errors"] as? [String: [String]])?["id"] == ["not found"])
            #expect(try await send(client, .get, "/v1/webhooks", headers: [:]).status == .unauthorized)
        }
    }

    @Test func usersMeNamesTheCompany() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 1)
        let (companyID, userID, domain) = try company()
        let accountUsers = try ProviderFixtures.pipedrive.object("account.json")["users"] as? [[String: Any]]
        #expect(accountUsers?.first?["id"] as? Int == userID, "the token owner is account.json's first user")
        try await withEmulator(emulator) { client in
            let me = try await pd(client, .get, "/v1/users/me")
            #expect(me.status == .ok && me.json["success"] as? Bool == true)
            #expect(data(me)["company_id"] as? Int == companyID && data(me)["id"] as? Int == userID)
            #expect(data(me)["company_domain"] as? String == domain && data(me)["_comment"] == nil)
        }
    }

    @Test func dealEventsGoToMatchingV2WebhooksWithBasicAuth() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 2)
        let (companyID, userID, domain) = try company()
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                let hook = { (action: String, object: String, name: String, extra: [String: Any]) in
                    data(try await pd(client, .post, "/v1/webhooks", json: extra.merging([
                        "subscription_url": url + "/" + name, "event_action": action, "event_object": object, "name": name]) { $1 }))
                }
                let authed = try await hook("*", "deal", "authed", ["http_auth_user": "hook", "http_auth_password": "pa:ss"])
                _ = try await hook("*", "*", "everything", [:])
                _ = try await hook("create", "person", "persons", [:])
                _ = try await hook("*", "deal", "legacy", ["version": "1.0"])

                let created = data(try await pd(client, .post, "/api/v2/deals", json: ["title": "Hooked", "value": 500]))
                let dealID = try #require(created["id"] as? Int)
                await emulator.webhooks.outbox.idle()
                var received = receiver.received
                #expect(Set(received.map(\.path)) == ["/hooks/crm/authed", "/hooks/crm/everything"])
                let withAuth = try #require(received.first { $0.path.hasSuffix("/authed") })
                #expect(withAuth.headers["authorization"] == "Basic " + Data("hook:pa:ss".utf8).base64EncodedString())
                #expect(received.first { $0.path.hasSuffix("/everything") }?.headers["authorization"] == nil)
                let info = meta(withAuth)
                #expect(info["action"] as? String == "create" && info["entity"] as? String == "deal")
                #expect(info["entity_id"] as? String == String(dealID) && info["company_id"] as? String == String(companyID))
                #expect(info["user_id"] as? String == String(userID) && info["webhook_id"] as? String == String(authed["id"] as? Int ?? 0))
                #expect(info["version"] as? String == "2.0" && info["attempt"] as? Int == 1 && info["host"] as? String == "\(domain).pipedrive.com")
                #expect(info["change_source"] as? String == "api" && info["is_bulk_edit"] as? Bool == false)
                #expect((info["id"] as? String)?.count == 36 && (info["timestamp"] as? String)?.hasSuffix("Z") == true)
                #expect(same(withAuth.object["data"], created), "data is the deal as the v2 API answers it")
                #expect(withAuth.object["previous"] is NSNull)

                let renamed = data(try await pd(client, .patch, "/api/v2/deals/\(dealID)", json: ["title": "Renamed", "value": 500]))
                await emulator.webhooks.outbox.idle()
                received = receiver.received.filter { $0.path.hasSuffix("/authed") }
                let change = try #require(received.last)
                #expect(meta(change)["action"] as? String == "change")
                #expect(same(change.object["data"], renamed))
                #expect(same(change.object["previous"], ["title": "Hooked"]), "previous holds only the changed members' old values")

                _ = try await pd(client, .delete, "/api/v2/deals/\(dealID)")
                await emulator.webhooks.outbox.idle()
                let deletion = try #require(receiver.received.filter { $0.path.hasSuffix("/authed") }.last)
                #expect(meta(deletion)["action"] as? String == "delete")
                #expect(deletion.object["data"] is NSNull)
                #expect(same(deletion.object["previous"], renamed), "previous is the last state")
                #expect(receiver.received.count == 6)
            }
        }
    }

    @Test func aFailedDeliveryIsRetriedWithTheNextAttempt() async throws {
        let emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 1)
        let receiver = WebhookTestReceiver(answering: [503, 500])
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                _ = try await pd(client, .post, "/v1/webhooks", json: ["subscription_url": url, "event_action": "create", "event_object": "deal", "name": "r"])
                _ = try await pd(client, .post, "/api/v2/deals", json: ["title": "Retried"])
                await emulator.webhooks.outbox.idle()
                #expect(receiver.received.map { meta($0)["attempt"] as? Int } == [1, 2, 3])
                #expect(Set(receiver.received.compactMap { meta($0)["id"] as? String }).count == 1, "retries repeat the event")
                #expect(try await adminDeliveries(client).map { $0["status"] as? Int } == [503, 500, 200])
            }
        }
    }
}
