import Foundation

/// Creates and updates: the native body is planned completely (and every unified value checked)
/// before anything is sent, so a bad value is a 400 with nothing written.
extension UnifiedService {
    public func create(resource name: String, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        try await write(.create, resource: name, id: nil, body: body, query: query)
    }

    public func update(resource name: String, id: String, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        try await write(.update, resource: name, id: id, body: body, query: query)
    }

    func write(_ kind: OperationKind, resource name: String, id: String?, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try await self.operation(kind, of: target, query: query)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        let planner = WritePlanner(target: target, operation: operation, kind: kind, id: id)
        // Standard fields are checked with no provider call; the catalog is only needed for custom fields.
        let needsCatalog = body["custom_fields"] != nil
        if needsCatalog { try planner.check(body) }
        let catalog = needsCatalog ? try await customFields(target) : .empty
        var call = self.call(operation, for: target, catalog: catalog)
        call.id = id
        call.query = remote
        call.body = try planner.nativeBody(body, catalog: catalog)
        let links = try target.mapper.linkCalls(body)
        let sent = call
        let ((response, readCatalog), tables) = try await withLookupTables(target, query: query) {
            let response = try await send(sent, for: target)
            return (response, needsCatalog ? catalog : ((try? await customFields(target)) ?? .empty))
        }
        var answer = try single(response, target: target, operation: operation, query: query, catalog: readCatalog, lookups: tables, status: kind == .create ? 201 : 200)
        if !links.isEmpty {
            answer = try await link(links, written: kind, id: id, answer: answer, target: target, query: query)
        }
        let type: WebhookEventType = kind == .create ? .recordCreated : .recordUpdated
        if let webhooks, await webhooks.wants(type, account: target.account) {
            // The event carries the unified record (no remote_data) and, for an update, the fields sent.
            var eventQuery = query
            eventQuery.format = .unified
            eventQuery.ignoreRemoteData = true
            eventQuery.excludeFields = []
            let rendered = try? single(response, target: target, operation: operation, query: eventQuery, catalog: readCatalog, lookups: tables, status: 200)
            let record = rendered.flatMap { try? JSONParser.parse($0.body, limits: .providerResponse) }
            let recordID = record?["id"]?.scalarText ?? id ?? ""
            let changed = kind == .update ? body.objectValue?.keys.sorted() : nil
            // The provider may announce the write by webhook: with the fields sent and those it computes.
            let echo = changed.map { $0 + target.resource.fields.filter(\.readOnly).map(\.unifiedName) }
            await webhooks.recordEvent(type, account: target.account, resource: name, id: recordID, record: record, changedFields: changed, checked: true, echo: .remember(fields: echo))
        }
        return answer
    }
}

extension UnifiedService {
    /// The link calls of a write, after the record itself was written; the answer is the record
    /// read again (so it shows the links). A failed link call is an error that says what was written.
    func link(_ links: [RecordMapper.LinkCall], written kind: OperationKind, id: String?, answer: UnifiedResponse, target: Target, query: UnifiedQuery) async throws -> UnifiedResponse {
        let recordID = id ?? (try? JSONParser.parse(answer.body, limits: .providerResponse))?["id"]?.scalarText ?? ""
        let verb = kind == .create ? "created" : "updated"
        for link in links {
            for linked in link.ids {
                var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: link.operation)
                call.id = recordID
                call.value = .string(linked)
                do {
                    _ = try await send(call, for: target)
                } catch let error as APIError {
                    var details = error.details
                    details["written"] = .object(["id": .string(recordID), "resource": .string(target.resource.name)])
                    details["field"] = .string(link.field)
                    details["linked_id"] = .string(linked)
                    details["provider"] = .string(target.mapping.name)
                    throw APIError(.remoteError, "The \(target.resource.name) record `\(recordID)` was \(verb) on \(target.mapping.name), but linking `\(link.field)` to `\(linked)` failed: \(error.message)", details: details)
                }
            }
        }
        guard target.resource.operations[.get] != nil, let reread = try? await get(resource: target.resource.name, id: recordID, query: query) else { return answer }
        return UnifiedResponse(status: answer.status, body: reread.body, headers: reread.headers)
    }
}

/// Builds a write's native body: the mapped unified fields (checked against the schema and the
/// mapping), the operation's body defaults, then the provider's required native keys.
struct WritePlanner {
    let target: UnifiedService.Target
    let operation: Operation
    let kind: OperationKind
    let id: String?

    /// Checks every standard field (no custom-field catalog needed): throws the 400 of the first bad one.
    func check(_ body: JSONValue) throws {
        let withoutCustom = body.objectValue.map { JSONValue.object($0.filter { $0.key != "custom_fields" }) } ?? body
        _ = try target.mapper.write(withoutCustom, customFields: .empty, operation: operation, isCreate: kind == .create)
    }

    func nativeBody(_ body: JSONValue, catalog: CustomFieldCatalog) throws -> JSONValue {
        var native = try target.mapper.write(body, customFields: catalog, operation: operation, isCreate: kind == .create)
        let values = Template.Values(context: target.account.context, id: id)
        for (path, template) in operation.body where native.value(at: path) == nil {
            if let value = template.render(values) { native.set(.string(value), at: path) }
        }
        for required in operation.requiredNative where native.value(at: required.path) == nil || native.value(at: required.path) == .null {
            let name = target.resource.name, provider = target.mapping.name
            throw APIError.invalidField("remote_data.\(required.key)", "\(provider) requires `\(required.key)` to create \(name); pass it in `remote_data`.", code: .missingField, extra: ["provider": .string(provider)])
        }
        return native
    }
}
