/// Single-record reads and deletes, and the mapping of a single-record answer.
extension UnifiedService {
    public func get(resource name: String, id: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try await self.operation(.get, of: target, query: query)
        if operation.fromList { return try await getFromList(target, id: id, query: query) }
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        let ((response, catalog), tables) = try await withLookupTables(target, query: query) {
            let catalog = try await customFields(target)
            var call = self.call(operation, for: target, catalog: catalog)
            call.id = id
            call.query = remote
            return (try await send(call, for: target), catalog)
        }
        return try single(response, target: target, operation: operation, query: query, catalog: catalog, lookups: tables, status: 200)
    }

    public func delete(resource name: String, id: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try await self.operation(.delete, of: target, query: query)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        var call = self.call(operation, for: target)
        call.id = id
        call.query = remote
        let response = try await send(call, for: target)
        await webhooks?.recordEvent(.recordDeleted, account: target.account, resource: name, id: id, record: nil, changedFields: nil, echo: .remember(fields: nil))
        if query.format == .raw || query.format == .stream {
            return UnifiedResponse.passthrough(response, mapping: target.mapping)
        }
        var record = UnifiedRecord(fields: ["id": .string(id)], nativeBytes: nil)
        if !response.body.isEmpty, (try? JSONParser.parse(response.body, limits: .providerResponse)) != nil {
            record.nativeBytes = response.body[...]
        }
        return UnifiedResponse(status: 200, body: RecordRenderer(schema: target.schema, query: query).writeSingle(record), headers: target.mapping.rateLimitHeaders(of: response))
    }

    /// The unified answer for a provider's single-record response (get, create, update).
    func single(_ response: ProviderResponse, target: Target, operation: Operation, query: UnifiedQuery, catalog: CustomFieldCatalog, lookups: [String: [String: String]], status: Int) throws -> UnifiedResponse {
        if query.format == .raw || query.format == .stream {
            return UnifiedResponse.passthrough(response, mapping: target.mapping)
        }
        let parsed = try? parse(response, target: target, capture: operation.root)
        guard let (body, parser) = parsed, let native = body.value(at: operation.root), native.objectValue != nil else {
            throw APIError(.remoteError, "\(target.mapping.name) answered without the expected record.", details: ["remote_status": .integer(response.status)])
        }
        if !operation.keepWhen.isEmpty, !operation.keeps(native) {
            throw APIError.notFound("\(target.mapping.name) has no \(target.resource.name) record with this id (it holds another kind of record).", details: ["resource": .string(target.resource.name)])
        }
        let bytes = operation.root.isEmpty ? response.body[...] : parser.capturedValueRange.map { response.body[$0] }
        let record = UnifiedRecord(fields: target.mapper.read(native, customFields: catalog, lookups: lookups), nativeBytes: bytes)
        return UnifiedResponse(status: status, body: RecordRenderer(schema: target.schema, query: query).writeSingle(record), headers: target.mapping.rateLimitHeaders(of: response))
    }

    /// A get of a provider with no single-record route: the list's records, walked page by page,
    /// searched for the unified id.
    func getFromList(_ target: Target, id: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let list = try await self.operation(.list, of: target)
        let catalog = try await customFields(target)
        let (natives, tables) = try await withLookupTables(target, query: query) {
            try await ListPager(service: self, target: target, operation: list).all()
        }
        for native in natives {
            let fields = target.mapper.read(native, customFields: catalog, lookups: tables)
            guard fields["id"]?.scalarText == id else { continue }
            var entry = native
            if let key = list.flatten?.parentKey { entry.remove(at: [key]) }
            // `raw` and `stream`: the provider's record as it was listed (there is no single-record answer).
            if query.format == .raw || query.format == .stream { return UnifiedResponse(status: 200, body: JSONWriter.encode(entry), headers: []) }
            let record = UnifiedRecord(fields: fields, nativeBytes: JSONWriter.encode(entry)[...])
            return UnifiedResponse(status: 200, body: RecordRenderer(schema: target.schema, query: query).writeSingle(record), headers: [])
        }
        throw APIError.notFound("\(target.mapping.name) has no \(target.resource.name) record with id `\(id)`.", details: ["resource": .string(target.resource.name)])
    }
}
