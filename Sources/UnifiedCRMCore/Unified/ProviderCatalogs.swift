/// The per-account tables a resource's mapping needs beside the records: custom-field
/// definitions (names ↔ native keys) and lookups (id → name), each cached for the mapping's TTL.
extension UnifiedService {
    func customFields(_ target: Target) async throws -> CustomFieldCatalog {
        guard let custom = target.resource.customFields else { return .empty }
        return try await customFieldCache.catalog(key: target.cacheKey, ttl: .seconds(custom.ttlSeconds)) { [self] in
            CustomFieldCatalog(records: try await ListPager(service: self, target: target, operation: custom.definitions).all(), mapping: custom)
        }
    }

    /// Runs `body` (the record call) while the lookup tables `query` shows load. A resource without
    /// lookups spawns no task (the hot path of most reads).
    func withLookupTables<T: Sendable>(_ target: Target, query: UnifiedQuery, _ body: () async throws -> T) async throws -> (T, [String: [String: String]]) {
        guard !target.resource.lookups.isEmpty else { return (try await body(), [:]) }
        // Tables already cached (every request after the first, until the TTL): no child tasks.
        if let cached = cachedLookupTables(target, query: query) { return (try await body(), cached) }
        async let tables = lookupTables(target, query: query)
        let value = try await body()
        return (value, await tables)
    }

    /// The id → name tables of the resource's lookups that `query` will show, loaded concurrently.
    /// A lookup that fails is left out (names are omitted); the record call reports provider
    /// trouble on its own.
    func lookupTables(_ target: Target, query: UnifiedQuery) async -> [String: [String: String]] {
        let wanted = wantedLookups(target, query: query)
        guard !wanted.isEmpty else { return [:] }
        return await withTaskGroup(of: (String, [String: String]?).self) { group in
            for (name, lookup) in wanted {
                group.addTask { [self] in
                    let table = try? await lookupCache.catalog(key: lookupKey(target, name), ttl: .seconds(lookup.ttlSeconds)) { [self] in
                        lookup.table(from: try await ListPager(service: self, target: target, operation: lookup.operation).all())
                    }
                    return (name, table)
                }
            }
            var tables: [String: [String: String]] = [:]
            for await (name, table) in group { tables[name] = table }
            return tables
        }
    }

    /// The tables `query` will show when every one is cached (a failed load counts: it is left
    /// out, as `lookupTables` leaves it out); nil when one must be loaded.
    func cachedLookupTables(_ target: Target, query: UnifiedQuery) -> [String: [String: String]]? {
        var tables: [String: [String: String]] = [:]
        for (name, _) in wantedLookups(target, query: query) {
            guard let result = lookupCache.cached(key: lookupKey(target, name)) else { return nil }
            if case .success(let table) = result { tables[name] = table }
        }
        return tables
    }

    func lookupKey(_ target: Target, _ name: String) -> String { "\(target.cacheKey)/lookup:\(name)" }

    /// The lookups whose names `query` will show.
    func wantedLookups(_ target: Target, query: UnifiedQuery) -> [(String, LookupMapping)] {
        var wanted: [(String, LookupMapping)] = []
        for field in target.resource.fields {
            guard let name = field.nameLookup, !wanted.contains(where: { $0.0 == name }), let lookup = target.resource.lookups[name],
                  !query.excludeFields.contains([field.unifiedName]), !query.excludeFields.contains([field.unifiedName, "name"]) else { continue }
            wanted.append((name, lookup))
        }
        return wanted
    }
}
