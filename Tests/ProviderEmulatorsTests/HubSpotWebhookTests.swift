import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ProviderEmulators

private let token = "pat-na1-webhook-token"
private let secret = "app-client-secret-7f3a"

private func auth() -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

/// The events of a delivery, its body checked to be a JSON array.
private func events(_ received: WebhookTestReceiver.Received) -> [[String: Any]] {
    let list = received.json as? [[String: Any]]
    #expect(list != nil, "a HubSpot delivery is a JSON array")
    return list ?? []
}

/// Recomputes HubSpot's v3 signature (base64 HMAC-SHA256 over method + URL + body + timestamp)
/// and v1 signature (hex SHA-256 of secret + body) and compares them with the headers.
private func expectSigned(_ received: WebhookTestReceiver.Received, url: String, secret: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
    let timestamp = received.headers["x-hubspot-request-timestamp"] ?? ""
    let key = SymmetricKey(data: Data(secret.utf8))
    let v3 = Data(HMAC<SHA256>.authenticationCode(for: Data("POST\(url)".utf8) + received.body + Data(timestamp.utf8), using: key))
    #expect(received.headers["x-hubspot-signature-v3"] == v3.base64EncodedString(), sourceLocation: sourceLocation)
    let v1 = SHA256.hash(data: Data(secret.utf8) + received.body).map { String(format: "%02x", $0) }.joined()
    #expect(received.headers["x-hubspot-signature"] == v1, sourceLocation: sourceLocation)
    #expect(received.headers["x-hubspot-signature-version"] == "v1", sourceLocation: sourceLocation)
    let age = Date().timeIntervalSince1970 * 1000 - (Double(timestamp) ?? 0)
    #expect(age >= 0 && age < 300_000, "the timestamp is epoch milliseconds within HubSpot's 5 minutes", sourceLocation: sourceLocation)
    #expect(received.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
}

@Suite("HubSpot webhooks")
struct HubSpotWebhookTests {
    @Test func dealWritesSendSignedCreationPropertyChangeAndDeletionEvents() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 3)
        let portal = try #require(try fixtureFact(.hubspot, "account-info.json", "portalId") as? Int)
        #expect(portal == 62515)
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                try await setWebhookTarget(client, url, ["client_secret": secret, "app_id": 777])
                let created = try await send(client, .post, "/crm/v3/objects/deals", headers: auth(),
                                             json: ["properties": ["dealname": "Webhook deal", "amount": "1500", "dealstage": "appointmentscheduled"]])
                #expect(created.status == .created)
                let id = try #require(Int(created.json["id"] as? String ?? ""))
                await emulator.webhooks.outbox.idle()

                let patched = try await send(client, .patch, "/crm/v3/objects/deals/\(id)", headers: auth(),
                                             json: ["properties": ["amount": 2000, "dealname": "Renamed deal", "dealstage": "appointmentscheduled"]])
                #expect(patched.status == .ok)
                await emulator.webhooks.outbox.idle()
                #expect(try await send(client, .delete, "/crm/v3/objects/deals/\(id)", headers: auth()).status == .noContent)
                await emulator.webhooks.outbox.idle()

                let received = receiver.received
                try #require(received.count == 3)
                for delivery in received { expectSigned(delivery, url: url, secret: secret) }

                let creation = events(received[0])
                try #require(creation.count == 1)
                #expect(creation[0]["subscriptionType"] as? String == "deal.creation")
                #expect(creation[0]["objectId"] as? Int == id)
                #expect(creation[0]["portalId"] as? Int == portal)
                #expect(creation[0]["appId"] as? Int == 777)
                #expect(creation[0]["attemptNumber"] as? Int == 0)
                #expect(creation[0]["changeFlag"] as? String == "NEW")
                #expect(creation[0]["eventId"] is Int && creation[0]["subscriptionId"] is Int && creation[0]["occurredAt"] is Int)

                // One event per changed property; the unchanged stage sends none.
                let changes = events(received[1])
                #expect(changes.allSatisfy { $0["subscriptionType"] as? String == "deal.propertyChange" && $0["objectId"] as? Int == id })
                let pairs = Set(changes.map { "\($0["propertyName"] as? String ?? "?")=\($0["propertyValue"] as? String ?? "?")" })
                #expect(pairs == ["amount=2000", "dealname=Renamed deal"])
                #expect(Set(changes.compactMap { $0["eventId"] as? Int }).count == 2)

                let deletion = events(received[2])
                #expect(deletion.count == 1)
                #expect(deletion.first?["subscriptionType"] as? String == "deal.deletion")
                #expect(deletion.first?["objectId"] as? Int == id)
            }
        }
    }

    @Test func signsWithTheOAuthClientSecretWhenTheTargetNamesNone() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 1)
        let oauthSecret = try #require((try fixtureFact(.hubspot, "oauth.json", "client") as? [String: Any])?["client_secret"] as? String)
        let appID = try #require(try fixtureFact(.hubspot, "webhooks.json", "app_id") as? Int)
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                try await setWebhookTarget(client, url)
                _ = try await send(client, .post, "/crm/v3/objects/deals", headers: auth(), json: ["properties": ["dealname": "Default secret"]])
                await emulator.webhooks.outbox.idle()
                let delivery = try #require(receiver.received.first)
                expectSigned(delivery, url: url, secret: oauthSecret)
                #expect(events(delivery).first?["appId"] as? Int == appID)
            }
        }
    }

    @Test func retriesAFailedDeliveryWithTheNextAttemptNumber() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 1)
        let receiver = WebhookTestReceiver(answering: [500])
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                try await setWebhookTarget(client, url, ["client_secret": secret])
                _ = try await send(client, .post, "/crm/v3/objects/deals", headers: auth(), json: ["properties": ["dealname": "Retried"]])
                await emulator.webhooks.outbox.idle()
                let received = receiver.received
                try #require(received.count == 2)
                #expect(received.map { events($0).first?["attemptNumber"] as? Int } == [0, 1])
                #expect(events(received[0]).first?["eventId"] as? Int == events(received[1]).first?["eventId"] as? Int)
                for delivery in received { expectSigned(delivery, url: url, secret: secret) }
                let log = try await adminDeliveries(client)
                #expect(log.map { $0["status"] as? Int } == [500, 200])
                #expect(log.map { $0["attempt"] as? Int } == [1, 2])
                #expect(log.first?["url"] as? String == url)
            }
        }
    }

    @Test func nothingIsSentWithoutATargetOrAfterItIsRemoved() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 1)
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                _ = try await send(client, .post, "/crm/v3/objects/deals", headers: auth(), json: ["properties": ["dealname": "Unheard"]])
                try await setWebhookTarget(client, url)
                #expect(try await send(client, .delete, "/__admin/webhooks", headers: [:]).status == .noContent)
                _ = try await send(client, .post, "/crm/v3/objects/deals", headers: auth(), json: ["properties": ["dealname": "Unheard too"]])
                await emulator.webhooks.outbox.idle()
                #expect(receiver.received.isEmpty)
                #expect(try await adminDeliveries(client).isEmpty)
                let bad = try await send(client, .put, "/__admin/webhooks", headers: [.contentType: "application/json"], json: ["target_url": "ftp://x"])
                #expect(bad.status == .badRequest)
            }
        }
    }

    @Test func accountInfoAnswersThePortalLikeHubSpot() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 1)
        try await withEmulator(emulator) { client in
            let info = try await send(client, .get, "/account-info/v3/details", headers: auth())
            #expect(info.status == .ok)
            #expect(info.json["portalId"] as? Int == 62515)
            for member in ["accountType", "additionalCurrencies", "companyCurrency", "dataHostingLocation", "timeZone", "uiDomain",
                           "utcOffset", "utcOffsetMilliseconds"] {
                #expect(info.json[member] != nil, "PortalInformationResponse requires \(member)")
            }
            #expect(info.json["_comment"] == nil)
            #expect(try await send(client, .get, "/account-info/v3/details", headers: [:]).status == .unauthorized)
        }
        let other = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 1, portalID: 891_936_587)
        try await withEmulator(other) { client in
            let info = try await send(client, .get, "/account-info/v3/details", headers: auth())
            #expect(info.json["portalId"] as? Int == 891_936_587)
        }
    }
}
