import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ProviderEmulators

private let token = "pat-na1-test-token-0002"

private func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: Any? = nil) async throws -> EmulatorReply {
    var headers = HTTPFields()
    headers[.authorization] = "Bearer \(token)"
    headers[.contentType] = "application/json"
    return try await send(client, method, uri, headers: headers, json: json)
}

private func results(_ reply: EmulatorReply) -> [[String: Any]] { reply.json["results"] as? [[String: Any]] ?? [] }
private func props(_ record: [String: Any]) -> [String: Any] { record["properties"] as? [String: Any] ?? [:] }
private func next(_ reply: EmulatorReply) -> String? { ((reply.json["paging"] as? [String: Any])?["next"] as? [String: Any])?["after"] as? String }
private func ids(_ record: [String: Any], _ kind: String) -> [String] {
    (((record["associations"] as? [String: Any])?[kind] as? [String: Any])?["results"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
}

/// Walks a list route page by page; every record once.
private func walk(_ client: any TestClientProtocol, _ path: String, limit: Int) async throws -> [[String: Any]] {
    var (all, after): ([[String: Any]], String?) = ([], nil)
    repeat {
        let reply = try await call(client, .get, path + (path.contains("?") ? "&" : "?") + "limit=\(limit)" + (after.map { "&after=\($0)" } ?? ""))
        #expect(reply.status == .ok)
        all += results(reply)
        after = next(reply)
    } while after != nil
    return all
}

@Suite("HubSpot emulator: companies, contacts, notes, tasks, leads, owners, stages, properties")
struct HubSpotObjectsTests {
    @Test func seededObjectsLinkToEachOtherAndToTheDeals() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 120)
        try await withEmulator(emulator) { client in
            let companies = try await walk(client, "/crm/v3/objects/companies", limit: 7)
            let contacts = try await walk(client, "/crm/v3/objects/contacts?associations=companies", limit: 25)
            #expect(companies.count == 40)
            #expect(contacts.count == 80)
            let companyIDs = Set(companies.compactMap { $0["id"] as? String }), contactIDs = Set(contacts.compactMap { $0["id"] as? String })
            #expect(companyIDs.count == 40 && contactIDs.count == 80)
            for contact in contacts { #expect(ids(contact, "companies").allSatisfy(companyIDs.contains)) }
            let deals = try await walk(client, "/crm/v3/objects/deals?associations=companies,contacts", limit: 100)
            let dealIDs = Set(deals.compactMap { $0["id"] as? String })
            for deal in deals {
                #expect(ids(deal, "companies").allSatisfy(companyIDs.contains))
                #expect(ids(deal, "contacts").allSatisfy(contactIDs.contains))
            }
            for kind in ["notes", "tasks"] {
                let records = try await walk(client, "/crm/v3/objects/\(kind)?associations=deals,companies,contacts", limit: 100)
                #expect(records.count == 60)
                for record in records {
                    #expect(ids(record, "deals").allSatisfy(dealIDs.contains))
                    #expect(ids(record, "companies").allSatisfy(companyIDs.contains))
                    #expect(ids(record, "contacts").allSatisfy(contactIDs.contains))
                }
                #expect(ids(records[0], "deals") == [try hubSpotFirstDealID()])
            }
            let leads = try await walk(client, "/crm/v3/objects/leads?associations=contacts&properties=hs_lead_name", limit: 10)
            #expect(leads.count == 20)
            for lead in leads { #expect(ids(lead, "contacts").count == 1 && ids(lead, "contacts").allSatisfy(contactIDs.contains)) }
            // Every owner of a seeded record is an owner.
            let owners = Set(results(try await call(client, .get, "/crm/v3/owners")).compactMap { $0["id"] as? String })
            #expect(owners.count == 6)
            let deal = try await call(client, .get, "/crm/v3/objects/deals?limit=100&properties=hubspot_owner_id")
            #expect(results(deal).compactMap { props($0)["hubspot_owner_id"] as? String }.allSatisfy(owners.contains))
            for company in companies { #expect((props(company)["hs_object_id"] as? String) == company["id"] as? String) }
        }
    }

    @Test func contactsCreateReadUpdateDeleteAndTheirErrors() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 5)
        try await withEmulator(emulator) { client in
            let made = try await call(client, .post, "/crm/v3/objects/contacts", json: [
                "properties": ["email": "ada@lovelace.example", "firstname": "Ada", "lastname": "Lovelace", "preferred_language": "en"],
            ])
            #expect(made.status == .created)
            let id = try #require(made.json["id"] as? String)
            #expect(props(made.json)["hs_object_id"] as? String == id)
            #expect(props(made.json)["lastmodifieddate"] is String)
            let got = try await call(client, .get, "/crm/v3/objects/contacts/\(id)?properties=email,preferred_language")
            #expect(props(got.json)["preferred_language"] as? String == "en")
            #expect(props(got.json)["firstname"] == nil)
            let patched = try await call(client, .patch, "/crm/v3/objects/contacts/\(id)", json: ["properties": ["jobtitle": "CTO"]])
            #expect(patched.status == .ok && props(patched.json)["jobtitle"] as? String == "CTO")
            let duplicate = try await call(client, .post, "/crm/v3/objects/contacts", json: ["properties": ["email": "ADA@lovelace.example"]])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json["category"] as? String == "CONFLICT")
            #expect(duplicate.json["message"] as? String == "Contact already exists. Existing ID: \(id)")
            let badEmail = try await call(client, .post, "/crm/v3/objects/contacts", json: ["properties": ["email": "not an email"]])
            #expect(badEmail.status == .badRequest)
            #expect((badEmail.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "INVALID_EMAIL")
            let empty = try await call(client, .post, "/crm/v3/objects/contacts", json: ["properties": ["jobtitle": "CTO"]])
            #expect(empty.status == .badRequest && empty.json["category"] as? String == "VALIDATION_ERROR")
            #expect(try await call(client, .delete, "/crm/v3/objects/contacts/\(id)").status == .noContent)
            #expect(try await call(client, .get, "/crm/v3/objects/contacts/\(id)").status == .notFound)
            #expect(try await call(client, .get, "/crm/v3/objects/contacts/123").status == .notFound)
        }
    }

    @Test func searchFiltersByPropertiesDatesAndAssociationsAndPagesByOffset() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 30)
        try await withEmulator(emulator) { client in
            let since = "2024-06-01T00:00:00Z", millis = 1_717_200_000_000
            var after: String? = nil, seen: [[String: Any]] = []
            repeat {
                var body: [String: Any] = ["filterGroups": [["filters": [["propertyName": "lastmodifieddate", "operator": "GT", "value": millis]]]],
                                           "properties": ["email", "lastmodifieddate"], "limit": 7]
                if let after { body["after"] = after }
                let reply = try await call(client, .post, "/crm/v3/objects/contacts/search", json: body)
                #expect(reply.status == .ok)
                #expect(reply.json["total"] as? Int ?? 0 > 0)
                seen += results(reply)
                after = next(reply)
            } while after != nil
            #expect(!seen.isEmpty)
            for record in seen {
                #expect((props(record)["lastmodifieddate"] as? String ?? "") > since)
                #expect(record["associations"] == nil)
            }
            let email = try #require(props(seen[0])["email"] as? String)
            let byEmail = try await call(client, .post, "/crm/v3/objects/contacts/search",
                                         json: ["filterGroups": [["filters": [["propertyName": "email", "operator": "EQ", "value": email.uppercased()]]]]])
            #expect(results(byEmail).allSatisfy { props($0)["email"] as? String == email } && !results(byEmail).isEmpty)
            let dealID = try hubSpotFirstDealID()
            let onDeal = try await call(client, .post, "/crm/v3/objects/notes/search",
                                        json: ["filterGroups": [["filters": [["propertyName": "associations.deal", "operator": "EQ", "value": dealID]]]]])
            #expect(results(onDeal).count >= 3)
            let bad = try await call(client, .post, "/crm/v3/objects/notes/search",
                                     json: ["filterGroups": [["filters": [["propertyName": "hs_note_body", "operator": "LIKE", "value": "x"]]]]])
            #expect(bad.status == .badRequest && bad.json["category"] as? String == "VALIDATION_ERROR")
            let unknown = try await call(client, .post, "/crm/v3/objects/tasks/search",
                                         json: ["filterGroups": [["filters": [["propertyName": "no_such", "operator": "EQ", "value": "x"]]]]])
            #expect(unknown.status == .badRequest)
        }
    }

    @Test func notesAndTasksNeedTheirTimestampAndLeadsAContact() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 5)
        try await withEmulator(emulator) { client in
            let noTime = try await call(client, .post, "/crm/v3/objects/notes", json: ["properties": ["hs_note_body": "hi"]])
            #expect(noTime.status == .badRequest)
            let note = try await call(client, .post, "/crm/v3/objects/notes", json: [
                "properties": ["hs_note_body": "hi", "hs_timestamp": "2026-01-02T03:04:05Z"],
                "associations": [["to": ["id": 20_310_000_001], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 190]]]],
            ])
            #expect(note.status == .created)
            let id = try #require(note.json["id"] as? String)
            let read = try await call(client, .get, "/crm/v3/objects/notes/\(id)?associations=companies&properties=hs_note_body")
            #expect(ids(read.json, "companies") == ["20310000001"])
            let wrongType = try await call(client, .post, "/crm/v3/objects/tasks", json: [
                "properties": ["hs_timestamp": "2026-01-02T03:04:05Z"],
                "associations": [["to": ["id": 1], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 190]]]],
            ])
            #expect(wrongType.status == .badRequest)
            let task = try await call(client, .post, "/crm/v3/objects/tasks", json: ["properties": ["hs_timestamp": "2026-01-02T03:04:05Z", "hs_task_status": "DONE"]])
            #expect((task.json["errors"] as? [[String: Any]])?.first?["code"] as? String == "INVALID_OPTION")
            let lead = try await call(client, .post, "/crm/v3/objects/leads", json: ["properties": ["hs_lead_name": "Ada"]])
            #expect(lead.status == .badRequest)
            let linked = try await call(client, .post, "/crm/v3/objects/leads", json: [
                "properties": ["hs_lead_name": "Ada", "hs_lead_label": "WARM"],
                "associations": [["to": ["id": "30450000003"], "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 578]]]],
            ])
            #expect(linked.status == .created)
            let leadID = try #require(linked.json["id"] as? String)
            #expect(ids(try await call(client, .get, "/crm/v3/objects/leads/\(leadID)?associations=contacts").json, "contacts") == ["30450000003"])
            let nameless = try await call(client, .post, "/crm/v3/objects/companies", json: ["properties": ["city": "Oslo"]])
            #expect(nameless.status == .badRequest && nameless.json["category"] as? String == "VALIDATION_ERROR")
            #expect(try await call(client, .post, "/crm/v3/objects/companies", json: ["properties": ["domain": "nordlys.example"]]).status == .created)
            #expect(try await call(client, .patch, "/crm/v3/objects/companies/1", json: ["properties": ["city": "Oslo"]]).status == .notFound)
        }
    }

    @Test func ownersStagesAndPropertiesOfEveryObject() async throws {
        let emulator = try HubSpotEmulator(fixtures: try .hubspot, accessToken: token, seedCount: 5)
        try await withEmulator(emulator) { client in
            let owners = try await walk(client, "/crm/v3/owners", limit: 4)
            #expect(owners.count == 6)
            let first = try #require(owners.first?["id"] as? String)
            #expect(try await call(client, .get, "/crm/v3/owners/\(first)").json["type"] as? String == "PERSON")
            #expect(try await call(client, .get, "/crm/v3/owners/1").status == .notFound)
            let email = try #require(owners.last?["email"] as? String)
            #expect(results(try await call(client, .get, "/crm/v3/owners?email=\(email)")).count == 1)

            let stages = try await call(client, .get, "/crm/v3/pipelines/deals/default/stages")
            #expect(results(stages).count == 7)
            #expect(try await call(client, .get, "/crm/v3/pipelines/deals/default/stages/closedwon").json["label"] as? String == "Closed Won")
            #expect(try await call(client, .get, "/crm/v3/pipelines/deals/nope/stages").status == .notFound)

            for (type, custom) in [("companies", "account_tier"), ("0-1", "preferred_language"), ("notes", "hs_note_body"), ("tasks", "hs_task_status"),
                                   ("leads", "hs_lead_name"), ("deals", "competitor")] {
                let reply = try await call(client, .get, "/crm/v3/properties/\(type)")
                #expect(results(reply).contains { $0["name"] as? String == custom }, "\(type)")
                #expect(try await call(client, .get, "/crm/v3/properties/\(type)/\(custom)").json["name"] as? String == custom)
            }
            #expect(try await call(client, .get, "/crm/v3/properties/widgets").status == .badRequest)
            #expect(try await call(client, .get, "/crm/v3/properties/contacts/nope").status == .notFound)
        }
    }
}
