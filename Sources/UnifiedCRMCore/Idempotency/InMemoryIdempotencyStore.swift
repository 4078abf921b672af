import Foundation
import Synchronization

/// Idempotency keys in memory (tests, and the shape of what a store must do).
public final class InMemoryIdempotencyStore: IdempotencyStore {
    private struct Entry {
        var fingerprint: String
        var createdAt: Date
        var response: StoredResponse?
    }

    private let entries = Mutex<[IdempotencyScope: Entry]>([:])

    public init() {}

    public func claim(_ scope: IdempotencyScope, fingerprint: String, now: Date, ttl: TimeInterval) async throws -> IdempotencyClaim {
        entries.withLock { entries in
            if let entry = entries[scope], now.timeIntervalSince(entry.createdAt) < ttl {
                return IdempotencyEntryState(fingerprint: entry.fingerprint, response: entry.response).claim(for: fingerprint)
            }
            entries[scope] = Entry(fingerprint: fingerprint, createdAt: now, response: nil)
            return .claimed
        }
    }

    public func complete(_ scope: IdempotencyScope, response: StoredResponse) async throws {
        entries.withLock { $0[scope]?.response = response }
    }

    public func release(_ scope: IdempotencyScope) async throws {
        _ = entries.withLock { $0.removeValue(forKey: scope) }
    }
}

/// What an existing, unexpired entry means for a new request with `fingerprint` (shared by the stores).
struct IdempotencyEntryState {
    var fingerprint: String
    var response: StoredResponse?

    func claim(for requestFingerprint: String) -> IdempotencyClaim {
        guard requestFingerprint == fingerprint else { return .bodyMismatch }
        return response.map(IdempotencyClaim.replay) ?? .inFlight
    }
}
