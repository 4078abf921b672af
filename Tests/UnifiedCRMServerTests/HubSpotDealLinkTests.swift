import Foundation
import HTTPTypes
import Testing
import UnifiedCRMCore

/// HubSpot deals' `account` and `contact` are written through associations v4 after the deal is
/// created; a failed link says what was written.
@Suite struct HubSpotDealLinkTests {
    @Test func aCreatedDealIsLinkedToItsCompanyAndContacts() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let company = try #require(try await client.send(.get, h.uri("accounts", "", "limit=1")).json["result"]?.arrayValue?.first?["id"]?.stringValue)
            let contact = try #require(try await client.send(.get, h.uri("contacts", "", "limit=1")).json["result"]?.arrayValue?.first?["id"]?.stringValue)
            let body: JSONValue = .object(["name": .string("Linked deal"), "account": .object(["id": .string(company)]), "contact": .array([.object(["id": .string(contact)])])])
            let created = try await client.send(.post, h.uri(), json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["account"] == .object(["id": .string(company)]))
            #expect(created.json["contact"] == .array([.object(["id": .string(contact)])]))
            let id = try #require(created.json["id"]?.stringValue)
            let writes = await h.providerWrites().map { "\($0.method) \($0.path)" }
            #expect(writes == ["POST /crm/v3/objects/deals", "PUT /crm/v4/objects/deals/\(id)/associations/default/companies/\(company)",
                               "PUT /crm/v4/objects/deals/\(id)/associations/default/contacts/\(contact)"])
            let fetched = try await client.send(.get, h.uri("/\(id)"))
            #expect(fetched.json["account"] == .object(["id": .string(company)]))
            // An update cannot move the link (it would add one beside the old): a 400, nothing sent.
            let patched = try await client.send(.patch, h.uri("/\(id)"), json: .object(["account": .object(["id": .string(company)])]))
            #expect(patched.status == .badRequest)
            #expect(patched.json["error"]?["details"]?["field"] == .string("account"))
            #expect(await h.providerWrites().count == writes.count)
        }
    }

    @Test func aFailedLinkReportsTheWrittenDeal() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            let created = try await client.send(.post, h.uri(), json: .from(#"{"name":"Half linked","account":{"id":"999999999"}}"#))
            #expect(created.status == .badGateway, "\(created.text)")
            let written = try #require(created.json["error"]?["details"]?["written"]?["id"]?.stringValue)
            #expect(created.json["error"]?["message"]?.stringValue?.contains("was created on hubspot, but linking `account` to `999999999` failed") == true)
            // The deal exists, unlinked, as the error says.
            let fetched = try await client.send(.get, h.uri("/\(written)"))
            #expect(fetched.status == .ok)
            #expect(fetched.json["name"] == .string("Half linked"))
            #expect(fetched.json["account"] == nil)
        }
    }
}
