import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird

/// The routes of the objects besides deals (`objects.json`), owners, deal pipeline stages and properties of every object.
extension HubSpotEmulator {
    /// The served objects seeded in order: companies and contacts, then notes and tasks on the seeded deals and
    /// contacts, leads on the contacts (`seed-recipe.json`).
    static func seedObjects(_ file: HubSpotObjectsFile, catalog: HubSpotCatalog, deals: [ShapedRecord],
                            fixtures: ProviderFixtures) throws -> [String: HubSpotObjectType] {
        var made: [String: HubSpotObjectType] = [:]
        let dealInputs = RecordValue.array(deals.map { deal in
            .object(["id": .string(String(deal.int("id") ?? 0)), "companies": .array((deal.associatedIDs["companies"] ?? []).map(RecordValue.string)),
                     "contacts": .array((deal.associatedIDs["contacts"] ?? []).map(RecordValue.string))])
        })
        var contactInputs = RecordValue.array([])
        for name in ["companies", "contacts", "notes", "tasks", "leads"] {
            guard let config = file.objects[name] else { continue }
            let rows = try catalog.seed.records(config.seed, count: 0, inputs: ["deals": dealInputs, "contacts": contactInputs])
            let records = rows.map { ShapedRecord(shape: catalog.dealShape, $0) }
            made[name] = try HubSpotObjectType(name: name, config: config, records: records, catalog: catalog, fixtures: fixtures)
            if name == "contacts" {
                contactInputs = .array(records.map { contact in
                    let props = contact.propertyValues
                    return .object(["id": .string(String(contact.int("id") ?? 0)),
                                    "name": .string([props["firstname"], props["lastname"]].compactMap { $0 }.joined(separator: " ")),
                                    "company": .string(contact.associatedIDs["companies"]?.first ?? ""), "companyName": .string(props["company"] ?? "")])
                })
            }
        }
        return made
    }

    func addObjectRoutes(to router: Router<BasicRequestContext>, guarded: RouteGuard) {
        for (name, type) in objects {
            let base = "/crm/v3/objects/\(name)", one = RouterPath("\(base)/:objectId")
            let id = { @Sendable (context: BasicRequestContext) in context.parameters.get("objectId") ?? "" }
            router.on(.get, RouterPath(base), guarded) { request, _ in try await self.listObjects(type, request) }
            router.on(.get, one, guarded) { request, context in try await self.getObject(type, request, rawID: id(context)) }
            router.on(.post, RouterPath(base), guarded) { request, _ in try await self.createObject(type, request) }
            router.on(.patch, one, guarded) { request, context in
                guard let id = Int(id(context)) else { throw HubSpotErrors.objectNotFound(id: id(context)) }
                let input = try await Self.propertiesBody(request, model: "SimplePublicObjectInput").input
                let record = try await type.update(id, input: input)
                return self.answers.response(.ok, type.json(record, .named(input.map(\.key)), associations: [], catalog: self.catalog))
            }
            router.on(.delete, one, guarded) { _, context in
                if let id = Int(id(context)) { _ = await type.store.delete(id, now: FakeClock.nowMilliseconds()) }
                return self.answers.noContent()
            }
            router.on(.post, RouterPath("\(base)/search"), guarded) { request, _ in try await self.searchObjects(type, request) }
        }
        router.on(.get, "/crm/v3/owners", guarded) { request, _ in try self.listOwners(request) }
        router.on(.get, "/crm/v3/owners/:ownerId", guarded) { request, context in
            let id = context.parameters.get("ownerId") ?? "", params = self.query(request)
            let key = params.string("idProperty") == "userId" ? "userId" : "id"
            guard !params.flag("archived"), let owner = self.owners.items.first(where: { Self.text($0[key]) == id }) else {
                throw HubSpotErrors.objectNotFound(id: id)
            }
            return self.answers.response(.ok, owner)
        }
        router.on(.get, "/crm/v3/pipelines/deals/:pipelineId/stages", guarded) { _, context in
            let id = context.parameters.get("pipelineId") ?? ""
            guard let pipeline = self.catalog.pipelines.answer.item("id", equals: id) else { throw HubSpotErrors.objectNotFound(id: id) }
            return self.answers.response(.ok, ["results": pipeline["stages"] ?? []])
        }
        router.on(.get, "/crm/v3/pipelines/deals/:pipelineId/stages/:stageId", guarded) { _, context in
            let (id, stageID) = (context.parameters.get("pipelineId") ?? "", context.parameters.get("stageId") ?? "")
            let stages = self.catalog.pipelines.answer.item("id", equals: id)?["stages"] as? [[String: Any]] ?? []
            guard let stage = stages.first(where: { $0["id"] as? String == stageID }) else { throw HubSpotErrors.objectNotFound(id: stageID) }
            return self.answers.response(.ok, stage)
        }
        router.on(.get, "/crm/v3/properties/:objectType", guarded) { request, context in
            let definitions = try self.definitions(context.parameters.get("objectType") ?? "")
            return self.answers.response(.ok, ["results": self.query(request).flag("archived") ? [] : definitions.answer.items])
        }
        router.on(.get, "/crm/v3/properties/:objectType/:propertyName", guarded) { _, context in
            let definitions = try self.definitions(context.parameters.get("objectType") ?? "")
            let name = context.parameters.get("propertyName") ?? ""
            guard let property = definitions.answer.item("name", equals: name) else {
                throw FakeError.named("objectNotFound", ["message": .string(TextTemplate.fill(self.objectTexts.propertyNotFound, ["name": name]))])
            }
            return self.answers.response(.ok, property)
        }
    }

    /// The property definitions of an object type named as the properties API accepts it (deals: `deals`, `deal`, `0-3`).
    private func definitions(_ objectType: String) throws -> FieldDefinitions {
        let wanted = objectType.lowercased()
        if ["deals", "deal", "0-3"].contains(wanted) { return catalog.properties.definitions }
        guard let type = objects.values.first(where: { $0.config.names.contains(wanted) }) else {
            throw HubSpotErrors.validation(TextTemplate.fill(objectTexts.unknownObjectType, ["name": objectType]))
        }
        return type.properties.definitions
    }

    private func selection(_ type: HubSpotObjectType, _ params: QueryReader<FakeError>) throws -> (HubSpotSelection, [String]) {
        let names = try params.list("properties")
        let selection = names.isEmpty ? HubSpotSelection.defaults : .named(names.filter { type.properties.definition($0) != nil })
        return (selection, type.associations.kinds(named: try params.list("associations")))
    }

    private func listObjects(_ type: HubSpotObjectType, _ request: Request) async throws -> Response {
        let params = query(request)
        let limit = try params.int("limit", in: 1...Self.maxPageSize, default: Self.defaultPageSize)
        let after = try params.int("after", in: 0...Int.max)
        let (selection, kinds) = try selection(type, params)
        let (page, next) = await catalog.page(type.store, after: after, limit: limit, archived: params.flag("archived"))
        var body: [String: Any] = ["results": page.map { type.json($0, selection, associations: kinds, catalog: catalog) }]
        if let next {
            let others = request.uri.queryParameters.map { (String($0.key), String($0.value)) }.filter { $0.0 != "limit" && $0.0 != "after" }
            let link = "\(apiBaseURL)/crm/v3/objects/\(type.name)?" + QueryString.encode([("limit", String(limit)), ("after", String(next))] + others)
            body["paging"] = ["next": ["after": String(next), "link": link]]
        }
        return answers.response(.ok, body)
    }

    private func getObject(_ type: HubSpotObjectType, _ request: Request, rawID: String) async throws -> Response {
        let params = query(request)
        guard let id = Int(rawID), let record = await type.store.record(id), record.bool("archived") == params.flag("archived") else {
            throw HubSpotErrors.objectNotFound(id: rawID)
        }
        let (selection, kinds) = try selection(type, params)
        return answers.response(.ok, type.json(record, selection, associations: kinds, catalog: catalog))
    }

    private func createObject(_ type: HubSpotObjectType, _ request: Request) async throws -> Response {
        let (body, input) = try await Self.propertiesBody(request, model: "SimplePublicObjectInputForCreate")
        let associated = try type.associations.ids(body["associations"]) { HubSpotErrors.validation($0) }
        for kind in type.config.requiredAssociations ?? [] where (associated[kind] ?? []).isEmpty {
            throw HubSpotErrors.validation(TextTemplate.fill(objectTexts.association, ["object": String(type.name.dropLast()), "kind": kind]))
        }
        let values = try type.properties.validate(input, existing: nil).get()
        let present = { (name: String) in (values[name] ?? nil) != nil }
        let missing = type.config.required.filter { !present($0) }
        if !missing.isEmpty { throw HubSpotErrors.validation(TextTemplate.fill(objectTexts.required, ["names": missing.joined(separator: ", ")])) }
        if let oneOf = type.config.oneOf, !oneOf.isEmpty, !oneOf.contains(where: present) {
            throw HubSpotErrors.validation(TextTemplate.fill(objectTexts.oneOf, ["names": oneOf.joined(separator: ", ")]))
        }
        if let unique = type.config.unique, let value = values[unique.property] ?? nil,
           let existing = await type.record(where: unique.property, equals: value) {
            throw FakeError.named("conflict", ["message": .string(TextTemplate.fill(unique.message, ["id": String(existing.int("id") ?? 0)]))])
        }
        let record = await type.create(values: values, associated: associated)
        return answers.response(.created, type.json(record, .stored, associations: [], catalog: catalog))
    }

    private func searchObjects(_ type: HubSpotObjectType, _ request: Request) async throws -> Response {
        guard let body = try await FakeJSON.object(from: request) else {
            throw HubSpotErrors.validation(objectTexts.search["notObject"] ?? "bad search")
        }
        let search = try HubSpotSearch(body, texts: objectTexts.search) { type.properties.definition($0) != nil }
        let all = await type.store.page("id", limit: max(1, await type.store.count)) { record in !(record.bool("archived") ?? false) && search.matches(record, type: type) }.items
        let page = all.dropFirst(search.after).prefix(search.limit)
        let names = search.properties.filter { type.properties.definition($0) != nil }
        var answer: [String: Any] = ["total": all.count,
                                     "results": page.map { type.json($0, names.isEmpty ? .defaults : .named(names), associations: [], catalog: catalog) }]
        if search.after + page.count < all.count { answer["paging"] = ["next": ["after": String(search.after + page.count)]] }
        return answers.response(.ok, answer)
    }

    /// `GET /crm/v3/owners`: `limit` 1 to 500 (100 by default), `after` = the id of the next owner, `email`, `archived`.
    private func listOwners(_ request: Request) throws -> Response {
        let params = query(request)
        let limit = try params.int("limit", in: 1...500, default: 100)
        let email = params.string("email")?.lowercased()
        var owners = params.flag("archived") ? [] : owners.items.filter { email == nil || Self.text($0["email"])?.lowercased() == email }
        owners.sort { (Int(Self.text($0["id"]) ?? "") ?? 0) < (Int(Self.text($1["id"]) ?? "") ?? 0) }
        if let after = try params.int("after", in: 0...Int.max) { owners = owners.filter { (Int(Self.text($0["id"]) ?? "") ?? 0) >= after } }
        var body: [String: Any] = ["results": Array(owners.prefix(limit))]
        if owners.count > limit, let next = Self.text(owners[limit]["id"]) {
            body["paging"] = ["next": ["after": next, "link": "\(apiBaseURL)/crm/v3/owners?" + QueryString.encode([("limit", String(limit)), ("after", next)])]]
        }
        return answers.response(.ok, body)
    }

    static func text(_ value: Any?) -> String? {
        switch value {
        case let s as String: s
        case let n as NSNumber: n.stringValue
        default: nil
        }
    }
}
