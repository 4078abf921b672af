import Foundation
import Synchronization

/// Custom-field catalogs and lookup tables per account, kept for the mapping's TTL.
public typealias CustomFieldCache = ExpiringCache<CustomFieldCatalog>

/// Values loaded from a provider per key, kept for a TTL. A hit is a lock and a dictionary lookup
/// (no actor hop on the request path); concurrent misses for the same key share one load.
public final class ExpiringCache<Value: Sendable>: Sendable {
    private struct State {
        var entries: [String: (catalog: Value, expires: ContinuousClock.Instant)] = [:]
        var loading: [String: Task<Value, any Error>] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    public func catalog(key: String, ttl: Duration, load: @Sendable @escaping () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let (hit, task): (Value?, Task<Value, any Error>?) = state.withLock { state in
            if let entry = state.entries[key], entry.expires > now { return (entry.catalog, nil) }
            if let running = state.loading[key] { return (nil, running) }
            let task = Task { try await load() }
            state.loading[key] = task
            return (nil, task)
        }
        if let hit { return hit }
        guard let task else { throw CancellationError() }
        do {
            let catalog = try await task.value
            state.withLock { state in
                state.entries[key] = (catalog, .now + ttl)
                state.loading[key] = nil
            }
            return catalog
        } catch {
            state.withLock { state in state.loading[key] = nil }
            throw error
        }
    }

    /// Drops the catalogs whose key starts with `prefix` (e.g. an account's).
    public func invalidate(prefix: String) {
        state.withLock { state in state.entries = state.entries.filter { !$0.key.hasPrefix(prefix) } }
    }
}
