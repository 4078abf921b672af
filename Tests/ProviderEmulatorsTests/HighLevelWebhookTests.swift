import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ProviderEmulators

private let token = "hl-webhook-token"
private let location = "ve9EPM428h8vShlRW1KT"

private func auth() -> HTTPFields {
    var fields = HTTPFields()
    fields[.authorization] = "Bearer \(token)"
    fields[HTTPField.Name("Version")!] = "2021-07-28"
    fields[.contentType] = "application/json"
    return fields
}

/// The Ed25519 key of `GET /__admin/webhooks/public-key`, read from its PEM SubjectPublicKeyInfo.
private func publicKey(_ client: any TestClientProtocol) async throws -> Curve25519.Signing.PublicKey {
    let pem = try #require(try await send(client, .get, "/__admin/webhooks/public-key", headers: [:]).json["public_key_pem"] as? String)
    #expect(pem.hasPrefix("-----BEGIN PUBLIC KEY-----\n") && pem.hasSuffix("-----END PUBLIC KEY-----\n"))
    let base64 = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    let der = try #require(Data(base64Encoded: base64))
    // RFC 8410: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }.
    #expect(der.count == 44 && der.prefix(12) == Data([0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]))
    return try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))
}

private func verified(_ received: WebhookTestReceiver.Received, _ key: Curve25519.Signing.PublicKey) -> Bool {
    guard let signature = received.headers["x-ghl-signature"].flatMap({ Data(base64Encoded: $0) }) else { return false }
    return key.isValidSignature(signature, for: received.body)
}

@Suite("HighLevel webhooks")
struct HighLevelWebhookTests {
    @Test func opportunityWritesSendSignedMarketplaceEvents() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 5)
        let (pipeline, stage) = await emulator.pipelineAndStageIds()
        let contact = await emulator.validContactId()
        let user = try #require(await emulator.userIds().first)
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                let key = try await publicKey(client)
                try await setWebhookTarget(client, url)
                let created = try await send(client, .post, "/opportunities/", headers: auth(), json: [
                    "pipelineId": pipeline, "locationId": location, "name": "Hooked", "pipelineStageId": stage, "status": "open",
                    "contactId": contact, "monetaryValue": 900, "assignedTo": user])
                #expect(created.status == .created)
                let record = created.json["opportunity"] as? [String: Any] ?? [:]
                let id = try #require(record["id"] as? String)
                await emulator.webhooks.outbox.idle()

                let create = try #require(receiver.received.first)
                #expect(verified(create, key))
                let event = create.object
                #expect(event["type"] as? String == "OpportunityCreate")
                #expect(event["locationId"] as? String == location && event["id"] as? String == id)
                #expect(event["pipelineId"] as? String == pipeline && event["pipelineStageId"] as? String == stage)
                #expect(event["contactId"] as? String == contact && event["assignedTo"] as? String == user)
                #expect(event["monetaryValue"] as? Int == 900 && event["status"] as? String == "open" && event["name"] as? String == "Hooked")
                #expect(event["dateAdded"] as? String == record["createdAt"] as? String)
                #expect(event["source"] != nil && (event["webhookId"] as? String)?.isEmpty == false && event["timestamp"] is String)

                // Changing the stage and the value sends the update and one specific event each.
                let other = try #require((await emulator.pipelines()).first { $0.id == pipeline }?.stages.dropFirst().first?.id)
                _ = try await send(client, .put, "/opportunities/\(id)", headers: auth(), json: ["pipelineStageId": other, "monetaryValue": 1200])
                await emulator.webhooks.outbox.idle()
                let updates = receiver.received.dropFirst()
                #expect(Set(updates.compactMap { $0.object["type"] as? String })
                    == ["OpportunityUpdate", "OpportunityStageUpdate", "OpportunityMonetaryValueUpdate"])
                #expect(updates.count == 3 && updates.allSatisfy { verified($0, key) && $0.object["pipelineStageId"] as? String == other })

                _ = try await send(client, .put, "/opportunities/\(id)/status", headers: auth(), json: ["status": "won"])
                await emulator.webhooks.outbox.idle()
                let status = receiver.received.dropFirst(4)
                // Separate requests, sent concurrently: their order is not the provider's promise.
                #expect(Set(status.compactMap { $0.object["type"] as? String }) == ["OpportunityUpdate", "OpportunityStatusUpdate"] && status.count == 2)
                #expect(status.allSatisfy { $0.object["status"] as? String == "won" })

                _ = try await send(client, .delete, "/opportunities/\(id)", headers: auth())
                await emulator.webhooks.outbox.idle()
                let delete = try #require(receiver.received.last)
                #expect(delete.object["type"] as? String == "OpportunityDelete" && delete.object["id"] as? String == id)
                #expect(verified(delete, key))

                // The check can fail: one changed byte breaks the signature.
                var tampered = delete
                tampered.body[tampered.body.startIndex] ^= 0x01
                #expect(!verified(tampered, key))
                #expect(receiver.received.count == 7)
            }
        }
    }

    @Test func contactWritesSendContactEvents() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 2)
        let receiver = WebhookTestReceiver()
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                let key = try await publicKey(client)
                try await setWebhookTarget(client, url)
                let created = try await send(client, .post, "/contacts/", headers: auth(), json: ["locationId": location, "firstName": "Hook", "email": "hook@example.com"])
                let id = try #require((created.json["contact"] as? [String: Any])?["id"] as? String)
                await emulator.webhooks.outbox.idle()
                _ = try await send(client, .put, "/contacts/\(id)", headers: auth(), json: ["lastName": "Line"])
                await emulator.webhooks.outbox.idle()
                _ = try await send(client, .delete, "/contacts/\(id)", headers: auth())
                await emulator.webhooks.outbox.idle()
                #expect(receiver.received.map { $0.object["type"] as? String } == ["ContactCreate", "ContactUpdate", "ContactDelete"])
                #expect(receiver.received.allSatisfy { verified($0, key) && $0.object["id"] as? String == id && $0.object["locationId"] as? String == location })
                #expect(receiver.received.first?.object["email"] as? String == "hook@example.com")
                #expect(receiver.received.dropFirst().first?.object["name"] as? String == "Hook Line")
            }
        }
    }

    @Test func onlyA429IsRetried() async throws {
        let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: 2)
        let (pipeline, _) = await emulator.pipelineAndStageIds()
        let contact = await emulator.validContactId()
        let receiver = WebhookTestReceiver(answering: [429, 500])
        try await receiver.run { url in
            try await withEmulator(emulator) { client in
                try await setWebhookTarget(client, url)
                _ = try await send(client, .post, "/opportunities", headers: auth(), json: [
                    "pipelineId": pipeline, "locationId": location, "name": "Busy", "status": "open", "contactId": contact])
                await emulator.webhooks.outbox.idle()
                #expect(try await adminDeliveries(client).map { $0["status"] as? Int } == [429, 500])
                #expect(receiver.received.count == 2)
            }
        }
    }
}
