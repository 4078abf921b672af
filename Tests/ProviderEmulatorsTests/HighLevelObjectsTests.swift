import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import ProviderEmulators

private let token = "hl-objects-token"
private let location = "ve9EPM428h8vShlRW1KT"
private let dana = "FxC0ntact0Dana4Kq2Zm"

private func call(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, json: Any? = nil,
                  version: String = "2021-07-28") async throws -> EmulatorReply {
    var fields = HTTPFields()
    fields[.authorization] = "Bearer \(token)"
    fields[HTTPField.Name("Version")!] = version
    fields[.contentType] = "application/json"
    return try await send(client, method, uri, headers: fields, json: json)
}

private func items(_ reply: EmulatorReply, _ key: String) -> [[String: Any]] { reply.json[key] as? [[String: Any]] ?? [] }

private func withHighLevel(seedCount: Int = 20, _ body: @Sendable (any TestClientProtocol, HighLevelEmulator) async throws -> Void) async throws {
    let emulator = try HighLevelEmulator(fixtures: try .highlevel, accessToken: token, locationId: location, seedCount: seedCount)
    try await withEmulator(emulator) { client in try await body(client, emulator) }
}

/// Contacts, businesses, users, notes, tasks, calendar events, one pipeline and one custom field.
@Suite("HighLevel emulator objects")
struct HighLevelObjectsTests {
    @Test func contactsPageWithStartAfterAndSearchByText() async throws {
        try await withHighLevel { client, emulator in
            var ids: [String] = []
            var cursor = ""
            for _ in 0..<20 {
                let page = try await call(client, .get, "/contacts/?locationId=\(location)&limit=7\(cursor)")
                #expect(page.status == .ok)
                ids += items(page, "contacts").compactMap { $0["id"] as? String }
                let meta = try #require(page.json["meta"] as? [String: Any])
                #expect(meta["total"] as? Int == page.json["count"] as? Int)
                guard meta["nextPageUrl"] is String, let after = meta["startAfter"] as? Int, let afterId = meta["startAfterId"] as? String else { break }
                cursor = "&startAfter=\(after)&startAfterId=\(afterId)"
            }
            #expect(ids.count == (await emulator.data.contacts.store.count))
            #expect(Set(ids).count == ids.count)
            #expect(ids.contains(dana))
            // Every opportunity's contact is a contact.
            let opportunities = try await call(client, .get, "/opportunities/search?location_id=\(location)&limit=100")
            #expect(items(opportunities, "opportunities").allSatisfy { ids.contains($0["contactId"] as? String ?? "") })

            let found = try await call(client, .get, "/contacts/?locationId=\(location)&query=dana.fixture%40fixtureholdings.example.com")
            #expect(items(found, "contacts").map { $0["id"] as? String } == [dana])
            let bad = try await call(client, .get, "/contacts/?locationId=\(location)&limit=500")
            #expect(bad.status == .unprocessableContent)
            let noLocation = try await call(client, .get, "/contacts/")
            #expect(noLocation.status == .unprocessableContent)
        }
    }

    @Test func contactWritesAndNotFound() async throws {
        try await withHighLevel { client, _ in
            let created = try await call(client, .post, "/contacts/", json: [
                "locationId": location, "firstName": "Ada", "lastName": "Lovelace", "email": "Ada@Engines.example",
                "customFields": [["id": "3sv6UEo51C9Bmpo1cKTq", "field_value": "10115"]],
            ])
            #expect(created.status == .created)
            let contact = try #require(created.json["contact"] as? [String: Any])
            let id = try #require(contact["id"] as? String)
            #expect(contact["name"] as? String == "Ada Lovelace")
            #expect(contact["emailLowerCase"] as? String == "ada@engines.example")
            #expect(contact["customFields"] as? [[String: String]] == [["id": "3sv6UEo51C9Bmpo1cKTq", "value": "10115"]])

            let updated = try await call(client, .put, "/contacts/\(id)", json: ["phone": "+15550009999", "lastName": "King"])
            #expect(updated.json["succeded"] as? Bool == true)
            #expect((updated.json["contact"] as? [String: Any])?["phone"] as? String == "+15550009999")
            #expect((updated.json["contact"] as? [String: Any])?["name"] as? String == "Ada King")

            let unknown = try await call(client, .post, "/contacts/", json: ["locationId": location, "additionalEmails": ["x@y.z"]])
            #expect(unknown.status == .unprocessableContent)
            #expect(unknown.json["message"] as? [String] == ["property additionalEmails should not exist"])
            let withLocation = try await call(client, .put, "/contacts/\(id)", json: ["locationId": location])
            #expect(withLocation.json["message"] as? [String] == ["property locationId should not exist"])

            // A created contact can own an opportunity.
            let deal = try await call(client, .post, "/opportunities/", json: [
                "pipelineId": "VDm7RPYC2GLUvdpKmBfC", "locationId": location, "name": "Engines", "status": "open", "contactId": id,
            ])
            #expect(deal.status == .created)
            #expect(try await call(client, .delete, "/contacts/\(id)").json["succeded"] as? Bool == true)
            let gone = try await call(client, .get, "/contacts/\(id)")
            #expect(gone.status == .badRequest)
            #expect(gone.json["message"] as? String == "Contact with id \(id) not found")
        }
    }

    @Test func businessesPageBySkipAndWriteUnderTheMisspeltKey() async throws {
        try await withHighLevel { client, emulator in
            let all = items(try await call(client, .get, "/businesses/?locationId=\(location)"), "businesses")
            #expect(all.count == 12)
            let second = items(try await call(client, .get, "/businesses/?locationId=\(location)&skip=5&limit=5"), "businesses")
            #expect(second.map { $0["id"] as? String } == all[5..<10].map { $0["id"] as? String })
            // Contacts of a seeded company belong to its business.
            let contacts = await emulator.data.contacts.all { _ in true }
            let linked = contacts.filter { $0.string("businessId") != nil }
            #expect(!linked.isEmpty)
            #expect(linked.allSatisfy { contact in all.contains { $0["id"] as? String == contact.string("businessId") && $0["name"] as? String == contact.string("companyName") } })

            let created = try await call(client, .post, "/businesses/", json: ["name": "Analytical Engines", "locationId": location, "city": "London"])
            #expect(created.status == .created)
            #expect(created.json["success"] as? Bool == true)
            let id = try #require((created.json["buiseness"] as? [String: Any])?["id"] as? String)
            let updated = try await call(client, .put, "/businesses/\(id)", json: ["description": "Difference engines"])
            #expect((updated.json["buiseness"] as? [String: Any])?["description"] as? String == "Difference engines")
            let invalid = try await call(client, .post, "/businesses/", json: ["locationId": location])
            #expect(invalid.status == .unprocessableContent)
            #expect((invalid.json["message"] as? [String])?.first == "name should not be empty")
            #expect(try await call(client, .delete, "/businesses/\(id)").json["success"] as? Bool == true)
            #expect(try await call(client, .get, "/businesses/\(id)").status == .badRequest)
        }
    }

    @Test func usersArePipelinesAndFieldsByID() async throws {
        try await withHighLevel { client, emulator in
            let users = items(try await call(client, .get, "/users/?locationId=\(location)"), "users")
            #expect(users.map { $0["id"] as? String } == emulator.catalog.account.userIds)
            let one = try await call(client, .get, "/users/\(emulator.catalog.account.userIds[0])")
            #expect(one.json["email"] is String && one.json["deleted"] == nil)
            #expect(try await call(client, .get, "/users/nobody").status == .badRequest)
            #expect(try await call(client, .get, "/users/").status == .unprocessableContent)

            let pipeline = try await call(client, .get, "/opportunities/pipelines/VDm7RPYC2GLUvdpKmBfC")
            #expect((pipeline.json["pipeline"] as? [String: Any])?["name"] as? String == "Sales Pipeline")
            #expect(try await call(client, .get, "/opportunities/pipelines/nope").status == .badRequest)

            let field = try await call(client, .get, "/locations/\(location)/customFields/contact.pincode")
            #expect((field.json["customField"] as? [String: Any])?["id"] as? String == "3sv6UEo51C9Bmpo1cKTq")
            #expect(try await call(client, .get, "/locations/\(location)/customFields/nope").status == .badRequest)
        }
    }

    @Test func notesAndTasksLiveUnderTheirContact() async throws {
        try await withHighLevel { client, emulator in
            let notes = items(try await call(client, .get, "/contacts/\(dana)/notes"), "notes")
            #expect(notes.count == 6)
            #expect(notes.allSatisfy { $0["contactId"] as? String == dana && emulator.catalog.account.userIds.contains($0["userId"] as? String ?? "") })
            let tasks = items(try await call(client, .get, "/contacts/\(dana)/tasks"), "tasks")
            #expect(tasks.count == 4)

            let note = try await call(client, .post, "/contacts/\(dana)/notes", json: ["body": "Met at the fair", "title": "Fair"])
            #expect(note.status == .created)
            let noteId = try #require((note.json["note"] as? [String: Any])?["id"] as? String)
            let edited = try await call(client, .put, "/contacts/\(dana)/notes/\(noteId)", json: ["body": "Met at the spring fair"])
            #expect((edited.json["note"] as? [String: Any])?["body"] as? String == "Met at the spring fair")
            #expect(try await call(client, .post, "/contacts/\(dana)/notes", json: ["title": "no body"]).status == .unprocessableContent)
            // Another contact's note is not found under this one.
            let other = try #require(await emulator.data.notes.all { $0.string("contactId") != dana }.first?.string("id"))
            #expect(try await call(client, .get, "/contacts/\(dana)/notes/\(other)").status == .badRequest)
            #expect(try await call(client, .delete, "/contacts/\(dana)/notes/\(noteId)").json["succeded"] as? Bool == true)
            #expect(try await call(client, .get, "/contacts/\(dana)/notes/\(noteId)").status == .badRequest)

            let task = try await call(client, .post, "/contacts/\(dana)/tasks",
                                      json: ["title": "Send contract", "dueDate": "2026-09-01T10:00:00Z", "completed": false])
            #expect(task.status == .created)
            let created = try #require(task.json["task"] as? [String: Any])
            #expect(created["dueDate"] as? String == "2026-09-01T10:00:00.000Z")
            let taskId = try #require(created["id"] as? String)
            let done = try await call(client, .put, "/contacts/\(dana)/tasks/\(taskId)/completed", json: ["completed": true])
            #expect((done.json["task"] as? [String: Any])?["completed"] as? Bool == true)
            let missing = try await call(client, .post, "/contacts/\(dana)/tasks", json: ["title": "x"])
            #expect(missing.json["message"] as? [String] == ["dueDate should not be empty", "dueDate must be a valid ISO 8601 date string",
                                                             "completed should not be empty", "completed must be a boolean value"])
            #expect(try await call(client, .get, "/contacts/nobody/tasks").status == .badRequest)
        }
    }

    @Test func calendarEventsNeedAWindowAndAnOwnerCalendarOrGroup() async throws {
        try await withHighLevel { client, emulator in
            let user = emulator.catalog.account.userIds[0]
            let window = "startTime=1767225600000&endTime=1798761599999"
            let events = items(try await call(client, .get, "/calendars/events?locationId=\(location)&\(window)&userId=\(user)", version: "2021-04-15"), "events")
            #expect(events.count == 4)
            #expect(events.allSatisfy { $0["assignedUserId"] as? String == user })
            let noOwner = try await call(client, .get, "/calendars/events?locationId=\(location)&\(window)")
            #expect(noOwner.json["message"] as? [String] == ["Either of userId, groupId or calendarId is required"])
            #expect(try await call(client, .get, "/calendars/events?locationId=\(location)&userId=\(user)").status == .unprocessableContent)

            let created = try await call(client, .post, "/calendars/events/appointments", json: [
                "calendarId": "BqTwX8QFwXzpegMve9EQ", "locationId": location, "contactId": dana,
                "startTime": "2026-06-01T15:00:00.000Z", "title": "Kick-off", "assignedUserId": user,
            ])
            #expect(created.status == .ok)
            let id = try #require(created.json["id"] as? String)
            #expect(created.json["endTime"] as? String == "2026-06-01T15:30:00.000Z")
            let otherContact = try await call(client, .put, "/calendars/events/appointments/\(id)", json: ["contactId": dana])
            #expect(otherContact.json["message"] as? [String] == ["property contactId should not exist"])
            let moved = try await call(client, .put, "/calendars/events/appointments/\(id)", json: ["title": "Kick-off call"])
            #expect(moved.json["title"] as? String == "Kick-off call")
            let read = try await call(client, .get, "/calendars/events/appointments/\(id)")
            #expect((read.json["event"] as? [String: Any])?["title"] as? String == "Kick-off call")
            #expect(try await call(client, .post, "/calendars/events/appointments", json: ["locationId": location]).status == .unprocessableContent)
            let deleted = try await call(client, .delete, "/calendars/events/\(id)")
            #expect(deleted.status == .created && deleted.json["succeeded"] as? Bool == true)
            #expect(try await call(client, .get, "/calendars/events/appointments/\(id)").status == .badRequest)
        }
    }
}
