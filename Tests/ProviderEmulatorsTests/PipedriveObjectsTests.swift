import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import ProviderEmulators

private let token = "pd-objects-token"

private func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: Any? = nil) async throws -> EmulatorReply {
    var headers = HTTPFields()
    headers.append(.init(name: .init("x-api-token")!, value: token))
    headers[.contentType] = "application/json"
    return try await send(client, method, uri, headers: headers, json: json)
}

private func data(_ reply: EmulatorReply) -> [String: Any] { reply.json["data"] as? [String: Any] ?? [:] }
private func list(_ reply: EmulatorReply) -> [[String: Any]] { reply.json["data"] as? [[String: Any]] ?? [] }
private func more(_ reply: EmulatorReply) -> [String: Any] { reply.json["additional_data"] as? [String: Any] ?? [:] }

/// Walks a v2 list (`cursor`) or a v1 list (`start`), returning every item.
private func walk(_ client: any TestClientProtocol, _ path: String, limit: Int, v1: Bool = false) async throws -> [[String: Any]] {
    var items: [[String: Any]] = [], next: String? = nil, pages = 0
    repeat {
        let separator = path.contains("?") ? "&" : "?"
        let reply = try await call(client, .get, "\(path)\(separator)limit=\(limit)" + (next.map { v1 ? "&start=\($0)" : "&cursor=\($0)" } ?? ""))
        #expect(reply.status == .ok, "\(reply.rawBody)")
        items += list(reply)
        if v1 {
            let pagination = more(reply)["pagination"] as? [String: Any] ?? [:]
            next = (pagination["next_start"] as? Int).map(String.init)
        } else {
            next = more(reply)["next_cursor"] as? String
        }
        pages += 1
    } while next != nil && pages < 100
    return items
}

@Suite("Pipedrive emulator: organizations, persons, activities, leads, notes, users, pipelines, fields")
struct PipedriveObjectsTests {
    let emulator: PipedriveEmulator
    init() throws { emulator = try PipedriveEmulator(fixtures: try .pipedrive, apiToken: token, seedCount: 60) }

    @Test func seededRecordsLinkToTheSeededDeals() async throws {
        try await withEmulator(emulator) { client in
            let deal = data(try await call(client, .get, "/api/v2/deals/1"))
            let orgID = try #require(deal["org_id"] as? Int)
            let org = try await call(client, .get, "/api/v2/organizations/\(orgID)")
            #expect(org.status == .ok)
            if let personID = deal["person_id"] as? Int {
                let person = data(try await call(client, .get, "/api/v2/persons/\(personID)"))
                #expect(person["org_id"] as? Int == orgID)
            }
            let ownerID = try #require(deal["owner_id"] as? Int)
            #expect(try await call(client, .get, "/v1/users/\(ownerID)").status == .ok)
            let notes = try await walk(client, "/v1/notes", limit: 100, v1: true)
            #expect(notes.count == 60)
            for note in notes { #expect((note["deal_id"] as? Int).map { (1...60).contains($0) } == true) }
            let activities = try await walk(client, "/api/v2/activities", limit: 500)
            #expect(Set(activities.compactMap { $0["type"] as? String }) == ["task", "deadline", "call", "meeting", "email"])
            let stagePipelines = Set(list(try await call(client, .get, "/api/v2/stages")).compactMap { $0["pipeline_id"] as? Int })
            #expect(Set(list(try await call(client, .get, "/api/v2/pipelines")).compactMap { $0["id"] as? Int }) == stagePipelines)
        }
    }

    @Test func v2ListsPageByCursorAndFilter() async throws {
        try await withEmulator(emulator) { client in
            let organizations = try await walk(client, "/api/v2/organizations", limit: 7)
            #expect(organizations.count == 40)
            #expect(Set(organizations.compactMap { $0["id"] as? Int }).count == 40)
            let persons = try await walk(client, "/api/v2/persons?org_id=3", limit: 10)
            #expect(persons.count == 30)
            #expect(persons.allSatisfy { $0["org_id"] as? Int == 3 })
            let recent = try await walk(client, "/api/v2/persons?updated_since=2025-06-01T00:00:00Z", limit: 500)
            #expect(!recent.isEmpty && recent.count < 1200)
            let deal = data(try await call(client, .get, "/api/v2/deals/2"))
            let ofDeal = list(try await call(client, .get, "/api/v2/persons?deal_id=2"))
            #expect(ofDeal.compactMap { $0["id"] as? Int } == [deal["person_id"] as? Int].compactMap { $0 })
            #expect(list(try await call(client, .get, "/api/v2/persons?deal_id=99999")).isEmpty)
            let bad = try await call(client, .get, "/api/v2/persons?limit=501")
            #expect(bad.status == .badRequest)
            #expect(bad.json["success"] as? Bool == false)
            #expect(try await call(client, .get, "/api/v2/organizations?cursor=nope").status == .badRequest)
        }
    }

    @Test func personWritesFollowTheNameAndEmailRules() async throws {
        try await withEmulator(emulator) { client in
            let created = try await call(client, .post, "/api/v2/persons", json: [
                "first_name": "Ada", "last_name": "Lovelace", "org_id": 1,
                "emails": [["value": "ada@example.com"]], "custom_fields": ["b7e4d2a1c9f8e6d5b4a3c2e1f0d9c8b7a6e5d4c3": "https://linkedin.example/ada"],
            ])
            #expect(created.status == .ok, "\(created.rawBody)")
            let person = data(created)
            #expect(person["name"] as? String == "Ada Lovelace")
            let emails = person["emails"] as? [[String: Any]] ?? []
            #expect(emails.first?["label"] as? String == "work")
            #expect(emails.first?["primary"] as? Bool == true)
            #expect((person["custom_fields"] as? [String: Any])?["b7e4d2a1c9f8e6d5b4a3c2e1f0d9c8b7a6e5d4c3"] as? String == "https://linkedin.example/ada")
            let id = try #require(person["id"] as? Int)

            let renamed = data(try await call(client, .patch, "/api/v2/persons/\(id)", json: ["name": "Ada Byron"]))
            #expect(renamed["first_name"] as? String == "Ada")
            #expect(renamed["last_name"] as? String == "Byron")

            let nameless = try await call(client, .post, "/api/v2/persons", json: ["org_id": 1])
            #expect(nameless.status == .badRequest)
            #expect((nameless.json["error"] as? String)?.contains("name") == true)
            let badEmail = try await call(client, .post, "/api/v2/persons", json: ["name": "X", "emails": [["label": "work"]]])
            #expect(badEmail.json["error"] as? String == "Validation failed: emails[0].value: Required")
            let unknownField = try await call(client, .post, "/api/v2/persons", json: ["name": "X", "custom_fields": ["nope": 1]])
            #expect(unknownField.status == .badRequest)

            #expect(try await call(client, .delete, "/api/v2/persons/\(id)").status == .ok)
            let gone = try await call(client, .get, "/api/v2/persons/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.json["error"] as? String == "Person not found")
        }
    }

    @Test func organizationsAndActivitiesRoundTrip() async throws {
        try await withEmulator(emulator) { client in
            let org = try await call(client, .post, "/api/v2/organizations", json: ["name": "Acme", "address": ["value": "1 Main St", "locality": "Berlin"]])
            #expect(org.status == .ok)
            #expect(data(org)["id"] as? Int == 41)
            #expect(try await call(client, .post, "/api/v2/organizations", json: ["name": "   "]).status == .badRequest)
            #expect(try await call(client, .post, "/api/v2/organizations", json: ["name": "A", "address": ["locality": "Berlin"]]).json["error"] as? String
                    == "Validation failed: address.value: Required")

            let activity = try await call(client, .post, "/api/v2/activities", json: [
                "subject": "Call Ada", "type": "call", "participants": [["person_id": 5, "primary": true]], "duration": "00:30", "done": true,
            ])
            #expect(activity.status == .ok, "\(activity.rawBody)")
            #expect(data(activity)["person_id"] as? Int == 5)
            #expect(data(activity)["marked_as_done_time"] is String)
            let id = try #require(data(activity)["id"] as? Int)
            let undone = data(try await call(client, .patch, "/api/v2/activities/\(id)", json: ["done": false]))
            #expect(undone["marked_as_done_time"] is NSNull)
            #expect(try await call(client, .post, "/api/v2/activities", json: ["type": "party"]).status == .badRequest)
            #expect(try await call(client, .post, "/api/v2/activities", json: ["duration": "90 minutes"]).status == .badRequest)
            #expect(try await call(client, .get, "/api/v2/activities/99999").json["error"] as? String == "Activity not found")
        }
    }

    @Test func leadsHaveUUIDsAndAnswer201() async throws {
        try await withEmulator(emulator) { client in
            let leads = try await walk(client, "/v1/leads", limit: 7, v1: true)
            #expect(leads.count == 30)
            #expect(leads.allSatisfy { UUID(uuidString: $0["id"] as? String ?? "") != nil })
            let created = try await call(client, .post, "/v1/leads", json: ["title": "New lead", "person_id": 31, "value": ["amount": 500, "currency": "EUR"]])
            #expect(created.status == .created, "\(created.rawBody)")
            let id = try #require(data(created)["id"] as? String)
            #expect((data(created)["add_time"] as? String)?.hasSuffix(".000Z") == true)
            #expect(data(try await call(client, .patch, "/v1/leads/\(id)", json: ["is_archived": true]))["is_archived"] as? Bool == true)
            #expect(try await walk(client, "/v1/leads", limit: 100, v1: true).count == 30)
            #expect(try await call(client, .post, "/v1/leads", json: ["title": "Unlinked"]).status == .badRequest)
            #expect(try await call(client, .post, "/v1/leads", json: ["title": "Bad value", "person_id": 1, "value": ["amount": 5]]).status == .badRequest)
            #expect(try await call(client, .delete, "/v1/leads/\(id)").status == .ok)
            let gone = try await call(client, .get, "/v1/leads/\(id)")
            #expect(gone.status == .notFound)
            #expect(gone.json["error"] as? String == "requested lead not found")
        }
    }

    @Test func notesPageByStartAndUsePut() async throws {
        try await withEmulator(emulator) { client in
            let first = try await call(client, .get, "/v1/notes?limit=25")
            let pagination = more(first)["pagination"] as? [String: Any] ?? [:]
            #expect(pagination["next_start"] as? Int == 25)
            #expect(pagination["more_items_in_collection"] as? Bool == true)
            #expect((list(first).first?["add_time"] as? String)?.count == 19)
            let onDeal = try await walk(client, "/v1/notes?deal_id=\(list(first)[0]["deal_id"] as? Int ?? 0)", limit: 100, v1: true)
            #expect(!onDeal.isEmpty)
            let created = try await call(client, .post, "/v1/notes", json: ["content": "<p>Hi</p>", "deal_id": 1])
            #expect(created.status == .ok)
            let id = try #require(data(created)["id"] as? Int)
            #expect(data(try await call(client, .put, "/v1/notes/\(id)", json: ["content": "<p>Edited</p>"]))["content"] as? String == "<p>Edited</p>")
            #expect(try await call(client, .post, "/v1/notes", json: ["content": "orphan"]).status == .badRequest)
            let deleted = try await call(client, .delete, "/v1/notes/\(id)")
            #expect(deleted.json["data"] as? Bool == true)
            #expect(try await call(client, .get, "/v1/notes/\(id)").status == .notFound)
            #expect(try await call(client, .get, "/v1/notes?start=-1").status == .badRequest)
        }
    }

    @Test func usersPipelinesStagesAndFieldsAreServedAsRead() async throws {
        try await withEmulator(emulator) { client in
            #expect(list(try await call(client, .get, "/v1/users")).count == 6)
            #expect(try await call(client, .get, "/v1/users/1").json["error"] as? String == "User not found or not accessible.")
            let pipelines = try await walk(client, "/api/v2/pipelines", limit: 1)
            #expect(pipelines.compactMap { $0["name"] as? String } == ["Sales", "Renewals"])
            #expect(data(try await call(client, .get, "/api/v2/pipelines/2"))["name"] as? String == "Renewals")
            #expect(try await call(client, .get, "/api/v2/pipelines/9").status == .notFound)
            #expect(data(try await call(client, .get, "/api/v2/stages/6"))["pipeline_id"] as? Int == 2)
            #expect(try await call(client, .get, "/api/v2/stages/99").status == .notFound)
            let personFields = try await walk(client, "/v1/personFields", limit: 4, v1: true)
            #expect(personFields.contains { $0["name"] as? String == "LinkedIn profile" && $0["edit_flag"] as? Bool == true })
            #expect(try await walk(client, "/v1/organizationFields", limit: 500, v1: true).contains { $0["name"] as? String == "Industry" })
            #expect(data(try await call(client, .get, "/v1/personFields/9101"))["key"] as? String == "b7e4d2a1c9f8e6d5b4a3c2e1f0d9c8b7a6e5d4c3")
            #expect(try await call(client, .get, "/v1/dealFields/1").status == .notFound)
        }
    }
}
