import Foundation
import Synchronization

/// Custom-field catalogs and lookup tables per account, kept for the mapping's TTL.
public typealias CustomFieldCache = ExpiringCache<CustomFieldCatalog>

/// Values loaded from a provider per key, kept for a TTL. A hit is a lock and a dictionary lookup
/// (no actor hop on the request path); concurrent misses for the same key share one load.
///
/// A failed load is remembered too, for `failureTTL` (or the value's TTL when shorter): until
/// then the same error is thrown again without loading, so a failing provider route is not
/// called on every read. A cancelled load is not remembered.
public final class ExpiringCache<Value: Sendable>: Sendable {
    private struct Entry {
        var result: Result<Value, any Error>
        var expires: ContinuousClock.Instant
    }

    private struct Load {
        /// Tells this load from a later one for the same key (after an invalidation).
        var number: UInt64
        var task: Task<Value, any Error>
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var loading: [String: Load] = [:]
        var loadsStarted: UInt64 = 0
    }

    private let state = Mutex(State())
    /// How long a failed load is remembered at most.
    public let failureTTL: Duration
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `now` is the clock entries expire by (tests pass a manual one).
    public init(failureTTL: Duration = .seconds(30), now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.failureTTL = failureTTL
        self.now = now
    }

    /// The value for `key`: cached, being loaded by another caller, or loaded now by `load`.
    public func catalog(key: String, ttl: Duration, load: @Sendable @escaping () async throws -> Value) async throws -> Value {
        let now = self.now()
        let failureTTL = min(self.failureTTL, ttl)
        let (hit, task): (Result<Value, any Error>?, Task<Value, any Error>?) = state.withLock { state in
            if let entry = state.entries[key], entry.expires > now { return (entry.result, nil) }
            if let running = state.loading[key] { return (nil, running.task) }
            state.loadsStarted += 1
            let number = state.loadsStarted
            let task = Task { [self] in
                let result: Result<Value, any Error>
                do { result = .success(try await load()) } catch { result = .failure(error) }
                finish(key: key, number: number, result: result, ttl: ttl, failureTTL: failureTTL)
                return try result.get()
            }
            state.loading[key] = Load(number: number, task: task)
            return (nil, task)
        }
        if let hit { return try hit.get() }
        guard let task else { throw CancellationError() }
        return try await task.value
    }

    /// The fresh result for `key`, if there is one: no load, no task (the request path's fast case).
    public func cached(key: String) -> Result<Value, any Error>? {
        let now = self.now()
        return state.withLock { state in
            guard let entry = state.entries[key], entry.expires > now else { return nil }
            return entry.result
        }
    }

    /// Stores a load's result, unless the key was invalidated while it ran (then the result may
    /// come from a state that no longer holds, e.g. the account's old credentials).
    private func finish(key: String, number: UInt64, result: Result<Value, any Error>, ttl: Duration, failureTTL: Duration) {
        let finished = now()
        state.withLock { state in
            guard state.loading[key]?.number == number else { return }
            state.loading[key] = nil
            switch result {
            case .success: state.entries[key] = Entry(result: result, expires: finished + ttl)
            case .failure(let error) where !(error is CancellationError):
                state.entries[key] = Entry(result: result, expires: finished + failureTTL)
            case .failure: break
            }
        }
    }

    /// Forgets the values and failures whose key starts with `prefix` (e.g. an account's). A load
    /// running for such a key finishes for its callers but is not stored; the next read loads again.
    public func invalidate(prefix: String) {
        state.withLock { state in
            state.entries = state.entries.filter { !$0.key.hasPrefix(prefix) }
            state.loading = state.loading.filter { !$0.key.hasPrefix(prefix) }
        }
    }
}
