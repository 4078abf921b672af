/// Walks one list route of one account page by page with the operation's pagination strategy,
/// and maps each page's records: the list pager of the unified API, of field definitions and of
/// lookups alike.
struct ListPager {
    let service: UnifiedService
    let target: UnifiedService.Target
    let operation: Operation
    /// The request's list filters (none for definitions and lookups).
    var filters: ListFilterValues

    init(service: UnifiedService, target: UnifiedService.Target, operation: Operation, filters: ListFilterValues? = nil) {
        self.service = service
        self.target = target
        self.operation = operation
        self.filters = filters ?? .none(operation)
    }

    /// Page parameters placed where the route takes them (query, or a search's body).
    func place(_ position: [(String, String)], in call: inout ProviderCaller.Call) {
        if operation.pagination?.inBody == true { call.bodyParameters = position } else { call.query = position }
    }

    struct Page {
        var response: ProviderResponse
        var records: [UnifiedRecord]
        var next: [String: String]?
    }

    /// At most this many pages are walked for a table (definitions, lookups).
    static let maxTablePages = 100

    /// Every native record of the route, walking its pages at the provider's largest page size.
    func all() async throws -> [JSONValue] {
        var records: [JSONValue] = []
        var pageQuery: [(String, String)] = []
        for _ in 0..<Self.maxTablePages {
            var call = service.call(operation, for: target)
            call.limit = operation.maxLimit
            place(pageQuery, in: &call)
            let response = try await service.send(call, for: target)
            let (body, _) = try service.parse(response, target: target)
            let page = body.value(at: operation.root)?.arrayValue ?? []
            records += operation.records(in: body)
            guard let next = operation.pagination?.next(after: body), !page.isEmpty else { break }
            pageQuery = next.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return records
    }

    /// The provider pagination parameters carried by `next_cursor` (empty for the first page).
    static func cursorParameters(_ query: UnifiedQuery, operation: Operation) throws -> [String: String] {
        guard let cursor = query.cursor else { return [:] }
        return try PageCursor.decode(cursor, expected: operation.pagination?.parameterNames ?? [])
    }

    /// One page of unified records. Lookup tables load while the page is fetched.
    func page(query: UnifiedQuery, cursor: [String: String], remote: [(String, String)], catalog: CustomFieldCatalog) async throws -> Page {
        let service = self.service, target = self.target, operation = self.operation
        var call = service.call(operation, for: target, catalog: catalog)
        if !query.ignoreLimit {
            let requested = query.limit ?? operation.defaultLimit
            call.limit = requested.map { min($0, operation.maxLimit ?? $0) }
        }
        place(cursor.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, in: &call)
        call.query += filters.query + remote
        call.filters = filters.values
        call.filterItems = filters.items
        if query.format == .raw { return Page(response: try await service.send(call, for: target), records: [], next: nil) }
        let sent = call
        let (response, lookups) = try await service.withLookupTables(target, query: query) { try await service.send(sent, for: target) }
        let (body, parser) = try service.parse(response, target: target, capture: operation.root)
        var records: [UnifiedRecord] = []
        for (native, bytes) in Self.natives(in: body, response: response, parser: parser, operation: operation) {
            var fields = target.mapper.read(native, customFields: catalog, lookups: lookups)
            for (field, value) in filters.recordValues where fields[field] == nil {
                fields[field] = target.schema.kind(of: field) == .reference ? .object(["id": value]) : value
            }
            records.append(UnifiedRecord(fields: fields, nativeBytes: bytes))
        }
        return Page(response: response, records: records, next: operation.pagination?.next(after: body))
    }
}

extension ListPager {
    /// The page's native records with the provider's bytes of each (for `remote_data`): the root
    /// array's elements as captured, or, for a flattened list, each nested entry written out.
    static func natives(in body: JSONValue, response: ProviderResponse, parser: JSONParser, operation: Operation) -> [(JSONValue, ArraySlice<UInt8>?)] {
        var pairs: [(JSONValue, ArraySlice<UInt8>?)]
        if let flatten = operation.flatten {
            pairs = operation.records(in: body).map { record in
                var entry = record
                if let key = flatten.parentKey { entry.remove(at: [key]) }
                return (record, JSONWriter.encode(entry)[...])
            }
            return pairs
        }
        let natives = body.value(at: operation.root)?.arrayValue ?? []
        let ranges = parser.capturedRanges
        pairs = natives.enumerated().map { i, native in (native, i < ranges.count ? response.body[ranges[i]] : nil) }
        return operation.keepWhen.isEmpty ? pairs : pairs.filter { operation.keeps($0.0) }
    }
}

extension UnifiedService {
    /// A list request checked before anything is sent: the pager, the `remote_query` pairs and the
    /// provider parameters the `next_cursor` carries.
    func listRequest(resource name: String, query: UnifiedQuery) async throws -> (pager: ListPager, remote: [(String, String)], cursor: [String: String]) {
        let target = try await self.target(resource: name, query: query)
        let list = try await self.operation(.list, of: target)
        let filters = try ListFilterValues.resolve(query.filters, list: list, resource: name, provider: target.mapping.name, context: target.account.context)
        let operation = filters.operation
        if operation.search.isEmpty, !list.search.isEmpty {
            try await checkScopes(operation, target: target, purpose: "search \(name)")
        }
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        return (ListPager(service: self, target: target, operation: operation, filters: filters), remote, try ListPager.cursorParameters(query, operation: operation))
    }

    /// One page of a list (`unified`, `normalized` or `raw` format).
    public func list(resource name: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let (pager, remote, cursorParameters) = try await listRequest(resource: name, query: query)
        let target = pager.target
        let catalog = try await customFields(target)
        let page = try await pager.page(query: query, cursor: cursorParameters, remote: remote, catalog: catalog)
        if query.format == .raw {
            return UnifiedResponse.passthrough(page.response, mapping: target.mapping)
        }
        let renderer = RecordRenderer(schema: target.schema, query: query)
        return UnifiedResponse(status: 200, body: renderer.writeList(page.records, nextCursor: page.next.map(PageCursor.encode)), headers: target.mapping.rateLimitHeaders(of: page.response))
    }
}
