import Crypto
import Foundation

/// Runs creates and updates under an `Idempotency-Key`: the first request with a key runs and its
/// answer is kept for 24 hours; a retry with the same key and body gets that answer without a
/// provider call; the same key with another body is a 422; a retry while the first still runs is
/// a 409. Without a key, the write simply runs.
public struct IdempotentWrites: Sendable {
    public let store: any IdempotencyStore
    public let ttl: TimeInterval

    public static let headerName = "Idempotency-Key"
    public static let replayedHeaderName = "Idempotent-Replayed"

    public init(store: any IdempotencyStore, ttl: TimeInterval = 24 * 3600) {
        self.store = store
        self.ttl = ttl
    }

    /// A key is 1 to 255 visible ASCII characters (what clients generate: UUIDs, hashes).
    public static func validate(_ key: String) throws {
        guard (1...255).contains(key.utf8.count), key.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.invalidParameter(headerName, "The header `Idempotency-Key` must be 1 to 255 visible ASCII characters.")
        }
    }

    /// The SHA-256 of a request body, hex.
    public static func fingerprint(_ body: [UInt8]) -> String {
        SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
    }

    /// The answer for a write: run by `work`, or replayed (`replayed: true`).
    public func perform(key: String?, scope: @autoclosure () -> IdempotencyScope, body: [UInt8], now: Date = Date(),
                        _ work: () async throws -> UnifiedResponse) async throws -> (response: UnifiedResponse, replayed: Bool) {
        guard let key else { return (try await work(), false) }
        try Self.validate(key)
        let scope = scope()
        switch try await store.claim(scope, fingerprint: Self.fingerprint(body), now: now, ttl: ttl) {
        case .replay(let stored):
            return (UnifiedResponse(status: stored.status, contentType: stored.contentType, body: stored.body), true)
        case .bodyMismatch:
            throw APIError(.idempotencyKeyReused, "The `Idempotency-Key` `\(key)` was used with another body; use a new key for another request.",
                           details: ["parameter": .string(Self.headerName)])
        case .inFlight:
            throw APIError(.idempotencyKeyInFlight, "A request with the `Idempotency-Key` `\(key)` is still running; retry when it has finished.",
                           details: ["parameter": .string(Self.headerName)], headers: ["Retry-After": "1"])
        case .claimed:
            break
        }
        do {
            let response = try await work()
            try await store.complete(scope, response: StoredResponse(status: response.status, contentType: response.contentType, body: response.body))
            return (response, false)
        } catch let error as APIError where Self.wroteNothing(error) {
            try? await store.release(scope)
            throw error
        } catch let error as APIError {
            // The answer is kept even when it is an error: a timeout may have written, so a retry
            // must not send the write again.
            try? await store.complete(scope, response: StoredResponse(status: error.status, contentType: "application/json", body: JSONWriter.encode(error.body)))
            throw error
        } catch is CancellationError {
            try? await store.release(scope)
            throw CancellationError()
        } catch {
            let internalError = APIError(.internalError, "An unexpected error occurred.")
            try? await store.complete(scope, response: StoredResponse(status: internalError.status, contentType: "application/json", body: JSONWriter.encode(internalError.body)))
            throw error
        }
    }

    /// Errors after which the provider certainly wrote nothing, so the key may be used again.
    static func wroteNothing(_ error: APIError) -> Bool {
        [.rateLimited, .needsReauth, .accountDisabled, .unauthorized, .idempotencyKeyInFlight].contains(error.code)
    }
}
