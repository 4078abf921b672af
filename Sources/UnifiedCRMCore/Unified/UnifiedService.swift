import Foundation
import Logging

/// Runs unified requests: resolves the account and its provider mapping, calls the provider through
/// the mapping, and maps the answer back.
public struct UnifiedService: Sendable {
    public let mappings: MappingSet
    public let database: any AccountStore
    public let caller: ProviderCaller
    /// Keys start with the account's `uuidString` and a slash (see `cacheKeyPrefix`).
    public let customFieldCache: CustomFieldCache
    public let lookupCache: ExpiringCache<[String: String]>

    /// Registers with `database` so that both caches drop an account's entries when it changes or
    /// is deleted (new credentials may see other fields; a deleted account's entries are garbage).
    public init(mappings: MappingSet, database: any AccountStore, caller: ProviderCaller, customFieldCache: CustomFieldCache = CustomFieldCache(),
                lookupCache: ExpiringCache<[String: String]> = ExpiringCache()) {
        self.mappings = mappings
        self.database = database
        self.caller = caller
        self.customFieldCache = customFieldCache
        self.lookupCache = lookupCache
        database.addChangeListener { change in
            let prefix = Self.cacheKeyPrefix(for: change.id)
            customFieldCache.invalidate(prefix: prefix)
            lookupCache.invalidate(prefix: prefix)
        }
    }

    /// The start of every cache key of an account.
    static func cacheKeyPrefix(for id: UUID) -> String { "\(id.uuidString)/" }

    /// The account, its mapping and the resource mapping for a request.
    struct Target {
        var account: IntegratedAccount
        var mapping: ProviderMapping
        var resource: ResourceMapping
        var schema: UnifiedSchema
        var mapper: RecordMapper
    }

    func target(resource name: String, query: UnifiedQuery) async throws -> Target {
        guard let schema = UnifiedSchema.all[name] else {
            throw APIError.notFound("Unknown unified resource `\(name)`; known: \(UnifiedSchema.all.keys.sorted().joined(separator: ", ")).", details: ["resource": .string(name)])
        }
        guard let account = try await database.account(id: query.accountID) else {
            throw APIError.notFound("No integrated account with id `\(query.accountID.uuidString.lowercased())`.", details: ["parameter": .string("integrated_account_id")])
        }
        switch account.status {
        case .needsReauth:
            throw APIError(status: 401, code: "needs_reauth", message: "The account's credentials were rejected by \(account.integration); reconnect the account.", details: ["integrated_account_id": .string(account.id.uuidString.lowercased())])
        case .disabled:
            throw APIError(status: 403, code: "account_disabled", message: "The integrated account is disabled.", details: ["integrated_account_id": .string(account.id.uuidString.lowercased())])
        case .active:
            break
        }
        guard let mapping = mappings[account.integration] else {
            throw APIError(status: 400, code: "unknown_integration", message: "No mapping file is loaded for `\(account.integration)`.")
        }
        guard let resource = mapping.resources[name] else {
            throw APIError(status: 404, code: "resource_not_supported", message: "\(mapping.name) does not support the unified resource `\(name)`.", details: ["provider": .string(mapping.name)])
        }
        return Target(account: account, mapping: mapping, resource: resource, schema: schema, mapper: RecordMapper(provider: mapping.name, resource: resource))
    }

    func operation(_ kind: OperationKind, of target: Target) throws -> Operation {
        guard let operation = target.resource.operations[kind] else {
            throw APIError(status: 405, code: "operation_not_supported", message: "\(target.mapping.name) does not support \(kind.rawValue) on \(target.resource.name).", details: ["provider": .string(target.mapping.name)])
        }
        return operation
    }

    /// `remote_query` flattened to qs pairs; keys used for auth or routing are refused.
    func remoteQueryPairs(_ query: UnifiedQuery, mapping: ProviderMapping) throws -> [(String, String)] {
        for key in query.remoteQuery.keys.sorted() where mapping.reservedQueryKeys.contains(key) {
            throw APIError.invalidParameter("remote_query[\(key)]", "`remote_query[\(key)]` is used by \(mapping.name) for authentication or routing and cannot be set.")
        }
        guard !query.remoteQuery.isEmpty else { return [] }
        return QueryString.encode(query.remoteQuery).split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            return (QueryString.decode(parts[0]), parts.count > 1 ? QueryString.decode(parts[1]) : "")
        }
    }

    /// Every provider call of a request goes through here: when the provider rejects the
    /// account's credentials, the account is marked `needs_reauth` (whichever route failed).
    func send(_ call: ProviderCaller.Call, for target: Target) async throws -> ProviderResponse {
        do {
            return try await caller.send(call)
        } catch let error as APIError where error.code == "needs_reauth" {
            _ = try? await database.updateAccount(id: target.account.id) { account in
                account.status = .needsReauth
                account.updatedAt = Date()
            }
            throw error
        }
    }

    // MARK: Custom fields

    func customFields(_ target: Target) async throws -> CustomFieldCatalog {
        guard let custom = target.resource.customFields else { return .empty }
        let key = "\(target.account.id.uuidString)/\(target.resource.name)"
        return try await customFieldCache.catalog(key: key, ttl: .seconds(custom.ttlSeconds)) { [self] in
            CustomFieldCatalog(records: try await walkAll(custom.definitions, target: target), mapping: custom)
        }
    }

    /// The id → name tables of the resource's lookups that `query` will show. A lookup that fails
    /// is left out (names are omitted); the record call reports provider trouble on its own.
    func lookupTables(_ target: Target, query: UnifiedQuery) async -> [String: [String: String]] {
        var tables: [String: [String: String]] = [:]
        for field in target.resource.fields {
            guard let name = field.nameLookup, tables[name] == nil, let lookup = target.resource.lookups[name],
                  !query.excludeFields.contains([field.unifiedName]), !query.excludeFields.contains([field.unifiedName, "name"]) else { continue }
            let key = "\(target.account.id.uuidString)/\(target.resource.name)/lookup:\(name)"
            tables[name] = try? await lookupCache.catalog(key: key, ttl: .seconds(lookup.ttlSeconds)) { [self] in
                lookup.table(from: try await walkAll(lookup.operation, target: target))
            }
        }
        return tables
    }

    /// Every record of a list route, walking its pages (at most 100).
    func walkAll(_ operation: Operation, target: Target) async throws -> [JSONValue] {
        var records: [JSONValue] = []
        var pageQuery: [(String, String)] = []
        for _ in 0..<100 {
            var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
            call.limit = operation.maxLimit
            call.query = pageQuery
            let response = try await send(call, for: target)
            let body = try JSONParser.parse(response.body)
            let page = body.value(at: operation.root)?.arrayValue ?? []
            records += page
            guard let next = Self.nextPage(body, pagination: operation.pagination), !page.isEmpty else { break }
            pageQuery = next.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        return records
    }

    /// Names of native keys under `object` that the mapping reads, plus custom field keys stored there.
    static func fieldNames(_ object: String, resource: ResourceMapping, catalog: CustomFieldCatalog) -> String {
        var names: [String] = []
        for field in resource.fields where field.nativePath.count >= 2 && field.nativePath[0] == object {
            if !names.contains(field.nativePath[1]) { names.append(field.nativePath[1]) }
        }
        if let custom = resource.customFields, custom.path == [object] {
            names += catalog.definitions.map(\.key)
        }
        return names.joined(separator: ",")
    }

    /// The provider parameters of the next page, or nil at the end.
    static func nextPage(_ body: JSONValue, pagination: Pagination?) -> [String: String]? {
        guard let pagination else { return nil }
        if let hasMore = pagination.hasMore {
            switch body.value(at: hasMore) {
            case nil, .null?, .bool(false)?: return nil
            default: break
            }
        }
        var parameters: [String: String] = [:]
        for (parameter, path) in pagination.next {
            if let value = body.value(at: path)?.scalarText, !value.isEmpty { parameters[parameter] = value }
        }
        return parameters.isEmpty ? nil : parameters
    }

    // MARK: List

    /// The provider pagination parameters carried by `next_cursor` (empty for the first page).
    static func cursorParameters(_ query: UnifiedQuery, operation: Operation) throws -> [String: String] {
        guard let cursor = query.cursor else { return [:] }
        return try PageCursor.decode(cursor, expected: Set(operation.pagination?.next.map(\.parameter) ?? []))
    }

    /// One page of a list (`unified`, `normalized` or `raw` format).
    public func list(resource name: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try self.operation(.list, of: target)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        let cursorParameters = try Self.cursorParameters(query, operation: operation)
        let catalog = try await customFields(target)
        let page = try await fetchPage(target, operation: operation, query: query, cursor: cursorParameters, remote: remote, catalog: catalog)
        if query.format == .raw {
            return UnifiedResponse(status: page.response.status, contentType: page.response.header("Content-Type") ?? "application/json", body: page.response.body)
        }
        let renderer = RecordRenderer(schema: target.schema, query: query)
        return UnifiedResponse(status: 200, body: renderer.writeList(page.records, nextCursor: page.next.map(PageCursor.encode)))
    }

    /// A list as NDJSON over every page, one unified record a line. Validation and the account
    /// lookup happen here, before the response starts; pages are fetched as the stream is read, so
    /// memory stays constant whatever the number of records.
    public func stream(resource name: String, query: UnifiedQuery) async throws -> RecordStream {
        let target = try await self.target(resource: name, query: query)
        let operation = try self.operation(.list, of: target)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        let cursor = try Self.cursorParameters(query, operation: operation)
        var streamQuery = query
        if streamQuery.limit == nil { streamQuery.limit = operation.maxLimit }
        return RecordStream(service: self, target: target, operation: operation, query: streamQuery, remote: remote, cursor: cursor)
    }

    /// Pages of NDJSON, fetched one at a time by `next()`.
    public struct RecordStream: Sendable {
        let service: UnifiedService
        let target: Target
        let operation: Operation
        let query: UnifiedQuery
        let remote: [(String, String)]
        var cursor: [String: String]?
        var catalog: CustomFieldCatalog?

        init(service: UnifiedService, target: Target, operation: Operation, query: UnifiedQuery, remote: [(String, String)], cursor: [String: String]) {
            self.service = service
            self.target = target
            self.operation = operation
            self.query = query
            self.remote = remote
            self.cursor = cursor
        }

        /// The next page's lines, or nil after the last page.
        public mutating func next() async throws -> [UInt8]? {
            guard let cursor else { return nil }
            let target = self.target, service = self.service
            if catalog == nil { catalog = try await service.customFields(target) }
            let catalog = self.catalog!
            let operation = self.operation, query = self.query, remote = self.remote
            let page = try await service.fetchPage(target, operation: operation, query: query, cursor: cursor, remote: remote, catalog: catalog)
            self.cursor = page.records.isEmpty ? nil : page.next
            let renderer = RecordRenderer(schema: target.schema, query: query)
            var writer = JSONWriter(capacity: page.records.count * 512)
            for record in page.records {
                renderer.write(record, into: &writer)
                writer.bytes.append(0x0A)
            }
            return writer.bytes
        }
    }

    struct Page {
        var response: ProviderResponse
        var records: [UnifiedRecord]
        var next: [String: String]?
    }

    func fetchPage(_ target: Target, operation: Operation, query: UnifiedQuery, cursor: [String: String], remote: [(String, String)], catalog: CustomFieldCatalog) async throws -> Page {
        var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
        if !query.ignoreLimit {
            let requested = query.limit ?? operation.defaultLimit
            call.limit = requested.map { min($0, operation.maxLimit ?? $0) }
        }
        call.query = cursor.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + remote
        let resource = target.resource
        call.fieldNames = { Self.fieldNames($0, resource: resource, catalog: catalog) }
        let response = try await send(call, for: target)
        if query.format == .raw { return Page(response: response, records: [], next: nil) }
        var parser = JSONParser(bytes: response.body, capturePath: operation.root)
        let body: JSONValue
        do { body = try parser.parseDocument() } catch {
            throw APIError(status: 502, code: "remote_error", message: "\(target.mapping.name) answered with a body that is not JSON.", details: ["remote_status": .number(Double(response.status))])
        }
        let natives = body.value(at: operation.root)?.arrayValue ?? []
        let ranges = parser.capturedRanges
        let tables = await lookupTables(target, query: query)
        var records: [UnifiedRecord] = []
        records.reserveCapacity(natives.count)
        for (i, native) in natives.enumerated() {
            let bytes = i < ranges.count ? response.body[ranges[i]] : nil
            records.append(UnifiedRecord(fields: target.mapper.read(native, customFields: catalog, lookups: tables), nativeBytes: bytes))
        }
        return Page(response: response, records: records, next: Self.nextPage(body, pagination: operation.pagination))
    }

    // MARK: Single records

    public func get(resource name: String, id: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try self.operation(.get, of: target)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        let catalog = try await customFields(target)
        var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
        call.id = id
        call.query = remote
        let resource = target.resource
        call.fieldNames = { Self.fieldNames($0, resource: resource, catalog: catalog) }
        let response = try await send(call, for: target)
        return try await single(response, target: target, operation: operation, query: query, catalog: catalog, status: 200)
    }

    public func create(resource name: String, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        try await write(.create, resource: name, id: nil, body: body, query: query)
    }

    public func update(resource name: String, id: String, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        try await write(.update, resource: name, id: id, body: body, query: query)
    }

    func write(_ kind: OperationKind, resource name: String, id: String?, body: JSONValue, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try self.operation(kind, of: target)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        // Standard fields are checked with no provider call; the catalog is only needed for custom fields.
        let needsCatalog = body["custom_fields"] != nil
        let withoutCustom = needsCatalog ? body.objectValue.map { JSONValue.object($0.filter { $0.key != "custom_fields" }) } ?? body : body
        var native = try target.mapper.write(withoutCustom, customFields: .empty, operation: operation, isCreate: kind == .create)
        let catalog = needsCatalog ? try await customFields(target) : .empty
        if needsCatalog {
            native = try target.mapper.write(body, customFields: catalog, operation: operation, isCreate: kind == .create)
        }
        let values = Template.Values(context: target.account.context, id: id)
        for (path, template) in operation.body where native.value(at: path) == nil {
            if let value = template.render(values) { native.set(.string(value), at: path) }
        }
        for key in operation.requiredNative where native.value(at: MappingCompiler.split(key)) == nil || native.value(at: MappingCompiler.split(key)) == .null {
            throw APIError.invalidField("remote_data.\(key)", "\(target.mapping.name) requires `\(key)` to create \(name); pass it in `remote_data`.", code: "missing_field", extra: ["provider": .string(target.mapping.name)])
        }
        var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
        call.id = id
        call.query = remote
        call.body = native
        let response = try await send(call, for: target)
        let readCatalog = needsCatalog ? catalog : ((try? await customFields(target)) ?? .empty)
        return try await single(response, target: target, operation: operation, query: query, catalog: readCatalog, status: kind == .create ? 201 : 200)
    }

    public func delete(resource name: String, id: String, query: UnifiedQuery) async throws -> UnifiedResponse {
        let target = try await self.target(resource: name, query: query)
        let operation = try self.operation(.delete, of: target)
        let remote = try remoteQueryPairs(query, mapping: target.mapping)
        var call = ProviderCaller.Call(account: target.account, mapping: target.mapping, operation: operation)
        call.id = id
        call.query = remote
        let response = try await send(call, for: target)
        if query.format == .raw || query.format == .stream {
            return UnifiedResponse(status: response.status, contentType: response.header("Content-Type") ?? "application/json", body: response.body)
        }
        var record = UnifiedRecord(fields: ["id": .string(id)], nativeBytes: nil)
        if !response.body.isEmpty, (try? JSONParser.parse(response.body)) != nil {
            record.nativeBytes = response.body[...]
        }
        return UnifiedResponse(status: 200, body: RecordRenderer(schema: target.schema, query: query).writeSingle(record))
    }

    func single(_ response: ProviderResponse, target: Target, operation: Operation, query: UnifiedQuery, catalog: CustomFieldCatalog, status: Int) async throws -> UnifiedResponse {
        if query.format == .raw || query.format == .stream {
            return UnifiedResponse(status: response.status, contentType: response.header("Content-Type") ?? "application/json", body: response.body)
        }
        var parser = JSONParser(bytes: response.body, capturePath: operation.root)
        guard let body = try? parser.parseDocument(), let native = body.value(at: operation.root), native.objectValue != nil else {
            throw APIError(status: 502, code: "remote_error", message: "\(target.mapping.name) answered without the expected record.", details: ["remote_status": .number(Double(response.status))])
        }
        let bytes = operation.root.isEmpty ? response.body[...] : parser.capturedValueRange.map { response.body[$0] }
        let tables = await lookupTables(target, query: query)
        let record = UnifiedRecord(fields: target.mapper.read(native, customFields: catalog, lookups: tables), nativeBytes: bytes)
        return UnifiedResponse(status: status, body: RecordRenderer(schema: target.schema, query: query).writeSingle(record))
    }
}
