import Foundation

/// Custom-field catalogs per account and resource, kept for the mapping's TTL. Concurrent
/// requests for the same catalog share one load.
public actor CustomFieldCache {
    private struct Entry {
        var catalog: CustomFieldCatalog
        var expires: ContinuousClock.Instant
    }

    private var entries: [String: Entry] = [:]
    private var loading: [String: Task<CustomFieldCatalog, any Error>] = [:]

    public init() {}

    public func catalog(key: String, ttl: Duration, load: @Sendable @escaping () async throws -> CustomFieldCatalog) async throws -> CustomFieldCatalog {
        if let entry = entries[key], entry.expires > .now { return entry.catalog }
        if let task = loading[key] { return try await task.value }
        let task = Task { try await load() }
        loading[key] = task
        defer { loading[key] = nil }
        let catalog = try await task.value
        entries[key] = Entry(catalog: catalog, expires: .now + ttl)
        return catalog
    }

    /// Drops an account's catalogs (e.g. after the account changes).
    public func invalidate(prefix: String) {
        entries = entries.filter { !$0.key.hasPrefix(prefix) }
    }
}
