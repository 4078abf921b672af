import FakeProviderKit
import Foundation
import Hummingbird

/// Contacts (`/contacts/`), their notes and tasks, businesses, users, one pipeline, one custom field and
/// calendar events, as the official OpenAPI files declare them (`mappings/providers/highlevel.md`).
extension HighLevelEmulator {
    func addObjectRoutes(to router: Router<BasicRequestContext>, _ guarded: RouteGuard) {
        router.on(.get, "/contacts", guarded) { request, _ in try await self.listContacts(request) }
        router.on(.post, "/contacts", guarded) { request, _ in try await self.createContact(request) }
        router.on(.get, "/contacts/:id", guarded) { _, context in
            FakeJSON.response(.ok, ["contact": self.data.contacts.json(try await self.data.contacts.get(context.id))])
        }
        router.on(.put, "/contacts/:id", guarded) { request, context in try await self.updateContact(request, id: context.id) }
        router.on(.delete, "/contacts/:id", guarded) { _, context in
            let old = try await self.data.contacts.get(context.id)
            try await self.data.contacts.delete(context.id, now: FakeClock.nowMilliseconds())
            self.webhooks.sendContact("delete", old: self.data.contacts.json(old), new: nil)
            return FakeJSON.response(.ok, ["succeded": true])
        }
        for (kind, envelope) in [("notes", "note"), ("tasks", "task")] {
            let objects = kind == "notes" ? data.notes : data.tasks
            router.on(.get, "/contacts/:id/\(kind)", guarded) { _, context in
                let contact = try await self.data.contacts.get(context.id).string("id")
                return FakeJSON.response(.ok, [kind: await objects.all { $0.string("contactId") == contact }.map { objects.json($0) }])
            }
            router.on(.post, "/contacts/:id/\(kind)", guarded) { request, context in
                let contact = try await self.data.contacts.get(context.id)
                var values = try objects.check(try await self.body(request), creating: true)
                values["contactId"] = contact["id"]
                return FakeJSON.response(.created, [envelope: objects.json(await objects.create(values, now: FakeClock.nowMilliseconds()))])
            }
            router.on(.get, "/contacts/:id/\(kind)/:item", guarded) { _, context in
                FakeJSON.response(.ok, [envelope: objects.json(try await self.child(objects, context))])
            }
            router.on(.put, "/contacts/:id/\(kind)/:item", guarded) { request, context in
                let values = try objects.check(try await self.body(request), creating: false)
                let id = try await self.child(objects, context).string("id") ?? ""
                return FakeJSON.response(.ok, [envelope: objects.json(try await objects.update(id, now: FakeClock.nowMilliseconds()) { $0.apply(values) })])
            }
            router.on(.delete, "/contacts/:id/\(kind)/:item", guarded) { _, context in
                try await objects.delete(try await self.child(objects, context).string("id") ?? "", now: FakeClock.nowMilliseconds())
                return FakeJSON.response(.ok, ["succeded": true])
            }
        }
        router.on(.put, "/contacts/:id/tasks/:item/completed", guarded) { request, context in
            let check = ShapeCheck(try await self.body(request), shape: self.data.taskCompletion, creating: true)
            if !check.violations.isEmpty { throw HighLevelErrors.unprocessable(check.allMessages) }
            let id = try await self.child(self.data.tasks, context).string("id") ?? ""
            let task = try await self.data.tasks.update(id, now: FakeClock.nowMilliseconds()) { $0.apply(check.values) }
            return FakeJSON.response(.ok, ["task": self.data.tasks.json(task)])
        }
        router.on(.get, "/businesses", guarded) { request, _ in try await self.listBusinesses(request) }
        router.on(.post, "/businesses", guarded) { request, _ in
            let body = try await self.body(request)
            var values = try self.data.businesses.check(body, creating: true)
            try self.requireOwnLocation(values["locationId"]?.string ?? "")
            values["locationId"] = .string(self.locationId)
            let business = await self.data.businesses.create(values, now: FakeClock.nowMilliseconds())
            return FakeJSON.response(.created, ["success": true, "buiseness": self.data.businesses.json(business)])
        }
        router.on(.get, "/businesses/:id", guarded) { _, context in
            FakeJSON.response(.ok, ["business": self.data.businesses.json(try await self.data.businesses.get(context.id))])
        }
        router.on(.put, "/businesses/:id", guarded) { request, context in
            let values = try self.data.businesses.check(try await self.body(request), creating: false)
            let business = try await self.data.businesses.update(context.id, now: FakeClock.nowMilliseconds()) { $0.apply(values) }
            return FakeJSON.response(.ok, ["success": true, "buiseness": self.data.businesses.json(business)])
        }
        router.on(.delete, "/businesses/:id", guarded) { _, context in
            try await self.data.businesses.delete(context.id, now: FakeClock.nowMilliseconds())
            return FakeJSON.response(.ok, ["success": true])
        }
        router.on(.get, "/users", guarded) { request, _ in
            try self.requireOwnLocation(try self.requiredLocation(request))
            return FakeJSON.response(.ok, ["users": self.data.users(locationId: self.locationId)])
        }
        router.on(.get, "/users/:id", guarded) { _, context in
            guard var user = self.data.users(locationId: self.locationId).first(where: { $0["id"] as? String == context.id }) else {
                throw FakeError.named("userNotFound", ["id": .string(context.id)])
            }
            user["deleted"] = nil
            return FakeJSON.response(.ok, user)
        }
        router.on(.get, "/opportunities/pipelines/:id", guarded) { _, context in
            guard let pipeline = self.catalog.pipelines.answer.items(setting: "locationId", to: self.locationId)
                .first(where: { $0["id"] as? String == context.id }) else { throw FakeError.named("pipelineIdNotFound", ["id": .string(context.id)]) }
            return FakeJSON.response(.ok, ["pipeline": pipeline])
        }
        router.on(.get, "/locations/:locationId/customFields/:id", guarded) { _, context in
            try self.requireOwnLocation(context.parameters.get("locationId") ?? "")
            let all = self.catalog.contactFields.answer.items(setting: "locationId", to: self.locationId)
                + self.catalog.opportunityFields.answer.items(setting: "locationId", to: self.locationId)
            guard let field = all.first(where: { $0["id"] as? String == context.id || $0["fieldKey"] as? String == context.id }) else {
                throw FakeError.named("customFieldIdNotFound", ["id": .string(context.id)])
            }
            return FakeJSON.response(.ok, ["customField": field])
        }
        router.on(.get, "/calendars/events", guarded) { request, _ in try await self.listEvents(request) }
        router.on(.get, "/calendars/events/appointments/:id", guarded) { _, context in
            FakeJSON.response(.ok, ["event": self.data.events.json(try await self.data.events.get(context.id))])
        }
        router.on(.post, "/calendars/events/appointments", guarded) { request, _ in try await self.createEvent(request) }
        router.on(.put, "/calendars/events/appointments/:id", guarded) { request, context in
            let values = try self.data.events.check(try await self.body(request), creating: false)
            let event = try await self.data.events.update(context.id, now: FakeClock.nowMilliseconds()) { event in
                event.apply(values)
                if values["assignedUserId"] != nil { event["users"] = .array(event["assignedUserId"].isNull ? [] : [event["assignedUserId"]]) }
            }
            return FakeJSON.response(.ok, self.data.events.json(event))
        }
        router.on(.delete, "/calendars/events/:id", guarded) { _, context in
            try await self.data.events.delete(context.id, now: FakeClock.nowMilliseconds())
            return FakeJSON.response(.created, ["succeeded": true])
        }
    }

    // MARK: - Contacts

    /// `GET /contacts/` (deprecated): `query` finds the text in the name, email, phone or company; pages walk `dateAdded`
    /// (ties by id) after `startAfter` + `startAfterId`, and `meta` (ContactsMetaSchema) says where the next page starts.
    private func listContacts(_ request: Request) async throws -> Response {
        try requireOwnLocation(try requiredLocation(request))
        let query = QueryReader(request, failure: HighLevelErrors.query(catalog.search.wording))
        let limit = try query.int("limit", in: 1...100, default: 20)
        let after = try query.value("startAfter") { Int64($0) }
        let afterId = query.string("startAfterId").flatMap { $0.isEmpty ? nil : $0 }
        let text = (query.string("query") ?? "").lowercased()
        let matches: @Sendable (ShapedRecord) -> Bool = { contact in
            text.isEmpty || ["name", "email", "phone", "companyName"].contains { (contact.string($0)?.lowercased() ?? "").contains(text) }
        }
        let contacts = data.contacts
        let scan = await contacts.store.page("dateAdded", afterKey: after, id: afterId, descending: false, limit: limit, skipOnFirst: 0, matches: matches)
        let total = await contacts.store.count(cacheKey: nil, where: matches)
        var before = 0
        if after != nil || afterId != nil, let first = scan.items.first {
            let key = (first.int64("dateAdded") ?? 0, first.string("id") ?? "")
            before = await contacts.store.count(cacheKey: nil) { matches($0) && (($0.int64("dateAdded") ?? 0), $0.string("id") ?? "") < key }
        }
        let page = before / limit + 1
        let last = scan.items.last
        var next: Any = NSNull()
        if scan.hasMore, let last {
            var parameters = [("locationId", locationId), ("limit", String(limit)),
                              ("startAfter", String(last.int64("dateAdded") ?? 0)), ("startAfterId", last.string("id") ?? "")]
            if !text.isEmpty { parameters.append(("query", query.string("query") ?? "")) }
            let host = request.head.authority.map { "http://\($0)" } ?? "https://services.leadconnectorhq.com"
            next = "\(host)/contacts/?" + parameters.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0.1)" }.joined(separator: "&")
        }
        let meta: [String: Any] = [
            "total": total, "nextPageUrl": next, "currentPage": page,
            "startAfterId": FakeJSON.nullable(last?.string("id")), "startAfter": FakeJSON.nullable(last?.int64("dateAdded")),
            "nextPage": scan.hasMore ? page + 1 : NSNull(), "prevPage": page > 1 ? page - 1 : NSNull(),
        ]
        return FakeJSON.response(.ok, ["contacts": scan.items.map { contacts.json($0) }, "count": total, "meta": meta])
    }

    private func createContact(_ request: Request) async throws -> Response {
        let body = try await self.body(request)
        var values = try data.contacts.check(body, creating: true)
        try requireOwnLocation(values["locationId"]?.string ?? "")
        values["customFields"] = .array(try contactCustomFields(values["customFields"], current: []))
        Self.derive(&values)
        let contact = data.contacts.json(await data.contacts.create(values, now: FakeClock.nowMilliseconds()))
        webhooks.sendContact("create", old: nil, new: contact)
        return FakeJSON.response(.created, ["contact": contact])
    }

    /// `PUT /contacts/{id}`: `locationId` and `companyName` are not members of UpdateContactDto (a 422 like any unknown member).
    private func updateContact(_ request: Request, id: String) async throws -> Response {
        let body = try await self.body(request)
        var values = try data.contacts.check(body, creating: false)
        let current = try await data.contacts.get(id)
        if let written = values["customFields"] { values["customFields"] = .array(try contactCustomFields(written, current: current["customFields"].array ?? [])) }
        let written = values
        let contact = try await data.contacts.update(id, now: FakeClock.nowMilliseconds()) { contact in
            var merged = contact.values.merging(written) { $1 }
            if written["name"] == nil, written["firstName"] != nil || written["lastName"] != nil { merged["name"] = nil }
            Self.derive(&merged)
            contact.apply(merged.filter { written[$0.key] != nil || $0.key == "name" || $0.key == "emailLowerCase" })
        }
        webhooks.sendContact("update", old: data.contacts.json(current), new: data.contacts.json(contact))
        return FakeJSON.response(.ok, ["succeded": true, "contact": data.contacts.json(contact)])
    }

    /// `name` follows `firstName` + `lastName` when those are written without it; `emailLowerCase` follows `email`.
    private static func derive(_ values: inout [String: RecordValue]) {
        if let email = values["email"]?.string { values["emailLowerCase"] = .string(email.lowercased()) }
        let parts = [values["firstName"]?.string, values["lastName"]?.string].compactMap { $0 }.filter { !$0.isEmpty }
        if values["name"]?.string == nil, !parts.isEmpty { values["name"] = .string(parts.joined(separator: " ")) }
    }

    /// A written `customFields` (`[{id | key, field_value}]`, the write side) merged into the stored `[{id, value}]`
    /// (the read side): an unknown id or key is refused; a null or empty `field_value` clears.
    private func contactCustomFields(_ written: RecordValue?, current: [RecordValue]) throws -> [RecordValue] {
        var stored = current
        for (index, entry) in (written?.array ?? []).enumerated() {
            guard let object = entry.object else { throw FakeError.named("fieldEntryNotAnObject", ["index": .string(String(index))]) }
            let reference = object["id"]?.string ?? object["key"]?.string
            guard let reference else { throw FakeError.named("fieldEntryNoReference", ["index": .string(String(index))]) }
            guard let field = catalog.contactFields.field(id: reference)
                ?? catalog.contactFields.all.first(where: { $0.key == reference || $0.shortKey == reference }) else {
                throw FakeError.named("unknownField", ["field": .string(reference)])
            }
            let value = try object["field_value"].map { try field.coerce($0.foundation, at: index, checks: catalog.customFieldChecks) } ?? nil
            stored.removeAll { $0.object?["id"]?.string == field.id }
            if let value { stored.append(.object(["id": .string(field.id), "value": value])) }
        }
        return stored
    }

    // MARK: - Businesses and events

    /// `GET /businesses/`: `skip` and `limit` (texts, default 0 and 100) page the location's businesses by creation.
    private func listBusinesses(_ request: Request) async throws -> Response {
        try requireOwnLocation(try requiredLocation(request))
        let query = QueryReader(request, failure: HighLevelErrors.query(catalog.search.wording))
        let limit = try query.int("limit", in: 1...1000, default: 100)
        let skip = try query.int("skip", in: 0...Int(Int32.max), default: 0)
        let all = await data.businesses.all { _ in true }
        return FakeJSON.response(.ok, ["businesses": all.dropFirst(skip).prefix(limit).map { data.businesses.json($0) }])
    }

    /// `GET /calendars/events`: `startTime` and `endTime` (epoch milliseconds, as text) are required, and one of
    /// `userId`, `calendarId` or `groupId`; the events starting in the window, by start.
    private func listEvents(_ request: Request) async throws -> Response {
        try requireOwnLocation(try requiredLocation(request))
        let query = QueryReader(request, failure: HighLevelErrors.query(catalog.search.wording))
        var problems: [String] = []
        let window = ["startTime", "endTime"].map { name -> Int64? in
            guard let text = query.string(name), !text.isEmpty else { problems.append("\(name) should not be empty"); return nil }
            guard let value = Int64(text) else { problems.append("\(name) must be a number string (epoch milliseconds)"); return nil }
            return value
        }
        let (user, calendar, group) = (query.string("userId"), query.string("calendarId"), query.string("groupId"))
        if [user, calendar, group].allSatisfy({ ($0 ?? "").isEmpty }) { problems.append("Either of userId, groupId or calendarId is required") }
        guard problems.isEmpty, let from = window[0], let to = window[1] else { throw HighLevelErrors.unprocessable(problems) }
        let events = await data.events.all { event in
            let start = event.int64("startTime") ?? 0
            return start >= from && start <= to
                && (user.map { id in event.string("assignedUserId") == id || (event["users"].array ?? []).contains(.string(id)) } ?? true)
                && (calendar.map { event.string("calendarId") == $0 } ?? true) && (group.map { event.string("groupId") == $0 } ?? true)
        }
        return FakeJSON.response(.ok, ["events": events.map { data.events.json($0) }])
    }

    /// `POST /calendars/events/appointments`: 200 with the appointment unwrapped; the contact must exist; without
    /// `endTime` the appointment lasts 30 minutes (the emulator's default).
    private func createEvent(_ request: Request) async throws -> Response {
        var values = try data.events.check(try await body(request), creating: true)
        try requireOwnLocation(values["locationId"]?.string ?? "")
        _ = try await data.contacts.get(values["contactId"]?.string ?? "")
        if values["endTime"] == nil, let start = values["startTime"]?.int64 { values["endTime"] = .int64(start + 30 * 60_000) }
        if let user = values["assignedUserId"], !user.isNull { values["users"] = .array([user]) }
        return FakeJSON.response(.ok, data.events.json(await data.events.create(values, now: FakeClock.nowMilliseconds())))
    }

    // MARK: - Helpers

    /// A note or task of the route's contact (`:id`), by `:item`; another contact's is not found.
    private func child(_ objects: HighLevelObjects, _ context: BasicRequestContext) async throws -> ShapedRecord {
        let contact = try await data.contacts.get(context.id).string("id")
        let id = context.parameters.get("item") ?? ""
        let record = try await objects.get(id)
        guard record.string("contactId") == contact else { throw objects.notFound(id) }
        return record
    }

    /// The required `locationId` query parameter.
    func requiredLocation(_ request: Request) throws -> String {
        guard let location = request.uri.queryParameters.get("locationId"), !location.isEmpty else {
            throw HighLevelErrors.unprocessable(["locationId should not be empty", "locationId must be a string"])
        }
        return location
    }
}

extension BasicRequestContext {
    /// The route's `:id`.
    var id: String { parameters.get("id") ?? "" }
}
