import Foundation
import Testing
import UnifiedCRMCore

/// Both stores behave alike: the SQLite one (through a real file) and the in-memory one.
enum IdempotencyStoreKind: String, CaseIterable, Sendable {
    case sqlite, memory

    func make() throws -> any IdempotencyStore {
        switch self {
        case .sqlite: try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        case .memory: InMemoryIdempotencyStore()
        }
    }
}

@Suite struct IdempotencyStoreTests {
    let scope = IdempotencyScope(accountID: UUID(), key: "k-1", route: "POST /unified/crm/opportunities")
    let now = Date(timeIntervalSince1970: 1_700_000_000)
    let answer = StoredResponse(status: 201, contentType: "application/json", body: Array(#"{"id":"7"}"#.utf8))

    @Test(arguments: IdempotencyStoreKind.allCases)
    func aKeyIsClaimedOnceThenReplayed(kind: IdempotencyStoreKind) async throws {
        let store = try kind.make()
        #expect(try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400) == .claimed)
        #expect(try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400) == .inFlight)
        try await store.complete(scope, response: answer)
        #expect(try await store.claim(scope, fingerprint: "a", now: now.addingTimeInterval(3600), ttl: 86_400) == .replay(answer))
        #expect(try await store.claim(scope, fingerprint: "b", now: now, ttl: 86_400) == .bodyMismatch)
    }

    @Test(arguments: IdempotencyStoreKind.allCases)
    func keysAreScopedByAccountAndRoute(kind: IdempotencyStoreKind) async throws {
        let store = try kind.make()
        _ = try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400)
        var otherAccount = scope
        otherAccount.accountID = UUID()
        var otherRoute = scope
        otherRoute.route = "PATCH /unified/crm/opportunities/1"
        #expect(try await store.claim(otherAccount, fingerprint: "b", now: now, ttl: 86_400) == .claimed)
        #expect(try await store.claim(otherRoute, fingerprint: "b", now: now, ttl: 86_400) == .claimed)
    }

    @Test(arguments: IdempotencyStoreKind.allCases)
    func entriesExpireAndReleasedClaimsCanBeRetried(kind: IdempotencyStoreKind) async throws {
        let store = try kind.make()
        _ = try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400)
        try await store.complete(scope, response: answer)
        #expect(try await store.claim(scope, fingerprint: "b", now: now.addingTimeInterval(86_401), ttl: 86_400) == .claimed)
        try await store.release(scope)
        #expect(try await store.claim(scope, fingerprint: "c", now: now, ttl: 86_400) == .claimed)
    }

    @Test func concurrentClaimsOfOneKeyLetExactlyOneProceed() async throws {
        let store = try IdempotencyStoreKind.sqlite.make()
        let scope = self.scope, now = self.now
        let claims = try await withThrowingTaskGroup(of: IdempotencyClaim.self) { group in
            for _ in 0..<20 { group.addTask { try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(claims.filter { $0 == .claimed }.count == 1)
        #expect(claims.filter { $0 == .inFlight }.count == 19)
    }

    @Test func storedBodiesAreSealedAtRest() async throws {
        let path = temporaryDatabasePath()
        let store = try AppDatabase(path: path, encryptionKey: .random())
        _ = try await store.claim(scope, fingerprint: "a", now: now, ttl: 86_400)
        try await store.complete(scope, response: StoredResponse(status: 201, contentType: "application/json", body: Array(#"{"email":"ceo@acme.example"}"#.utf8)))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path)) + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data("ceo@acme.example".utf8)) == nil)
    }
}

@Suite struct IdempotentWritesTests {
    let scope = IdempotencyScope(accountID: UUID(), key: "k", route: "POST /x")

    @Test func replaysTheFirstAnswerWithoutRunningTheWriteAgain() async throws {
        let writes = IdempotentWrites(store: InMemoryIdempotencyStore())
        let runs = Counter()
        let work: () async throws -> UnifiedResponse = { runs.increment(); return UnifiedResponse(status: 201, body: Array("{}".utf8)) }
        let first = try await writes.perform(key: "k", scope: scope, body: Array("a".utf8), work)
        let second = try await writes.perform(key: "k", scope: scope, body: Array("a".utf8), work)
        #expect(!first.replayed && second.replayed)
        #expect(second.response.status == 201)
        #expect(runs.value == 1)
        await #expect(throws: APIError(.idempotencyKeyReused, "The `Idempotency-Key` `k` was used with another body; use a new key for another request.", details: ["parameter": .string("Idempotency-Key")])) {
            _ = try await writes.perform(key: "k", scope: scope, body: Array("b".utf8), work)
        }
    }

    @Test func errorsAreKeptUnlessNothingWasWritten() async throws {
        let writes = IdempotentWrites(store: InMemoryIdempotencyStore())
        // A timeout may have written: the retry gets the same 504, not a second write.
        await #expect(throws: APIError.self) { _ = try await writes.perform(key: "k", scope: scope, body: [], { throw APIError(.providerTimeout, "slow") }) }
        let replay = try await writes.perform(key: "k", scope: scope, body: [], { UnifiedResponse(status: 201, body: []) })
        #expect(replay.replayed && replay.response.status == 504)
        // A rate-limited write wrote nothing: the key is free again.
        var other = scope
        other.key = "k2"
        await #expect(throws: APIError.self) { _ = try await writes.perform(key: "k2", scope: other, body: [], { throw APIError(.rateLimited, "later") }) }
        let retried = try await writes.perform(key: "k2", scope: other, body: [], { UnifiedResponse(status: 201, body: []) })
        #expect(!retried.replayed && retried.response.status == 201)
    }

    @Test(arguments: ["", String(repeating: "x", count: 256), "has space", "tab\t", "é"])
    func malformedKeysAre400NamingTheHeader(key: String) async {
        let writes = IdempotentWrites(store: InMemoryIdempotencyStore())
        do {
            _ = try await writes.perform(key: key, scope: scope, body: [], { UnifiedResponse(status: 201, body: []) })
            Issue.record("expected a 400")
        } catch let error as APIError {
            #expect(error.status == 400)
            #expect(error.details["parameter"] == .string("Idempotency-Key"))
        } catch { Issue.record("\(error)") }
    }
}
