import Foundation
import GRDB
import Testing
@testable import UnifiedCRMCore

/// The SQLite store (`AppDatabase`) beyond the conformance suite: the file, the key, the cache.
@Suite struct AccountStorageTests {
    @Test func secretsAreEncryptedAtRest() async throws {
        let path = temporaryDatabasePath()
        let secret = "pat-na1-VERY-SECRET-VALUE-42"
        do {
            let database = try AppDatabase(path: path, encryptionKey: .random())
            try await database.createAccount(sampleAccount(secret))
            #expect(try database.journalMode() == "wal")
        }
        // Every file SQLite wrote (main, WAL, shared memory) is free of the secret's bytes.
        for suffix in ["", "-wal", "-shm"] {
            guard let bytes = FileManager.default.contents(atPath: path + suffix) else { continue }
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "found secret in \(path + suffix)")
            #expect(bytes.range(of: Data("eu1".utf8)) == nil)
        }
        let main = try #require(FileManager.default.contents(atPath: path))
        #expect(main.range(of: Data("acme".utf8)) != nil || FileManager.default.contents(atPath: path + "-wal")?.range(of: Data("acme".utf8)) != nil)
    }

    @Test func accountsSurviveCloseAndReopen() async throws {
        let path = temporaryDatabasePath()
        let key = EncryptionKey.random()
        let stored = sampleAccount("secret-1")
        do {
            let database = try AppDatabase(path: path, encryptionKey: key)
            try await database.createAccount(stored)
        }
        let reopened = try AppDatabase(path: path, encryptionKey: key)
        #expect(try await reopened.account(id: stored.id) == stored)
    }

    @Test func anotherKeyCannotReadTheCredentials() async throws {
        let path = temporaryDatabasePath()
        let stored = sampleAccount("secret-2")
        do {
            let database = try AppDatabase(path: path, encryptionKey: .random())
            try await database.createAccount(stored)
        }
        let wrongKey = try AppDatabase(path: path, encryptionKey: .random())
        let expected = AccountStoreError.corruptRow(row: stored.id.uuidString.lowercased(), problem: .undecryptableContext)
        await #expect(throws: expected) { try await wrongKey.account(id: stored.id) }
        #expect(expected.description.contains("UNIFIED_CRM_ENCRYPTION_KEY"))
    }

    /// Regression: the cache used to be set after each write returned, so an update whose caller
    /// resumed late overwrote a later one in the cache for ever (say `needs_reauth` marking racing a
    /// PATCH). Update A commits, its caller is held before it resumes, update B commits and
    /// returns, then A's caller resumes: the cache must hold B, as the file does.
    @Test func anUpdateWhoseCallerResumesLateDoesNotLeaveTheCacheStale() async throws {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        let stored = sampleAccount()
        try await database.createAccount(stored)
        let executor = HoldingExecutor()
        let (committing, committingContinuation) = AsyncStream.makeStream(of: Void.self)
        let first = Task(executorPreference: executor) {
            try await database.updateAccount(id: stored.id) { account in
                account.tenantId = "first"
                // Inside the transaction: what runs on the caller's side after the commit waits.
                executor.hold()
                committingContinuation.yield()
            }
        }
        for await _ in committing { break }
        let second = try await database.updateAccount(id: stored.id) { $0.tenantId = "second" }
        executor.release()
        _ = try await first.value
        let onDisk = try #require(try await database.storedAccount(id: stored.id))
        #expect(onDisk == second)
        #expect(try await database.account(id: stored.id) == onDisk)
    }

    /// Many writers race each other and readers that fill the cache; afterwards the cache holds
    /// what the file holds.
    @Test func concurrentUpdatesLeaveTheCacheEqualToTheDatabase() async throws {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random())
        let stored = sampleAccount()
        try await database.createAccount(stored)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<40 {
                group.addTask {
                    _ = try await database.updateAccount(id: stored.id) { account in
                        account.tenantId = "tenant-\(i)"
                        account.status = i.isMultiple(of: 2) ? .needsReauth : .active
                    }
                }
                group.addTask { _ = try await database.account(id: stored.id) }
            }
            try await group.waitForAll()
        }
        let onDisk = try #require(try await database.storedAccount(id: stored.id))
        #expect(onDisk.tenantId != "acme")
        #expect(database.cache.lookup(stored.id).account == onDisk)
    }

    @Test func theAccountCacheIsBounded() async throws {
        let database = try AppDatabase(path: temporaryDatabasePath(), encryptionKey: .random(), accountCacheCapacity: 2)
        let accounts = [sampleAccount("a"), sampleAccount("b"), sampleAccount("c")]
        for account in accounts { try await database.createAccount(account) }
        #expect(database.cache.count == 2)
        #expect(database.cache.lookup(accounts[0].id).account == nil)
        // An evicted account is read from the file again.
        #expect(try await database.account(id: accounts[0].id) == accounts[0])
        #expect(database.cache.count == 2)
    }

    @Test func aRowWithABadUUIDIsAnError() async throws {
        let database = try AppDatabase(writer: DatabaseQueue(), encryptionKey: .random())
        try await database.createAccount(sampleAccount())
        try await database.writer.write { db in try db.execute(sql: "UPDATE integrated_account SET id = 'not-a-uuid'") }
        let expected = AccountStoreError.corruptRow(row: "not-a-uuid", problem: .invalidID)
        await #expect(throws: expected) { try await database.listAccounts(filter: AccountFilter(), limit: 10, after: nil) }
        #expect(expected.description == "The stored integrated account `not-a-uuid` is corrupt: its id is not a UUID.")
    }

    @Test func aRowWithAnUnknownStatusIsAnError() async throws {
        let database = try AppDatabase(writer: DatabaseQueue(), encryptionKey: .random())
        let stored = sampleAccount()
        try await database.createAccount(stored)
        try await database.writer.write { db in try db.execute(sql: "UPDATE integrated_account SET status = 'paused'") }
        let expected = AccountStoreError.corruptRow(row: stored.id.uuidString.lowercased(), problem: .unknownStatus("paused"))
        await #expect(throws: expected) { try await database.storedAccount(id: stored.id) }
        await #expect(throws: expected) { try await database.updateAccount(id: stored.id) { $0.status = .active } }
        #expect(expected.description.hasSuffix("its status `paused` is not one of active, needs_reauth, disabled."))
    }

    @Test func aContextThatIsNotJSONIsAnError() async throws {
        let database = try AppDatabase(writer: DatabaseQueue(), encryptionKey: .random())
        let stored = sampleAccount()
        try await database.createAccount(stored)
        let sealed = try database.secretBox.seal(Data("not json".utf8))
        try await database.writer.write { db in try db.execute(sql: "UPDATE integrated_account SET context = ?", arguments: [sealed]) }
        let expected = AccountStoreError.corruptRow(row: stored.id.uuidString.lowercased(), problem: .contextNotJSON)
        await #expect(throws: expected) { try await database.storedAccount(id: stored.id) }
    }
}

@Suite struct EncryptionKeyTests {
    @Test func acceptsBase64Of32Bytes() throws {
        let raw = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let key = try EncryptionKey(base64: raw)
        #expect(key.base64 == raw)
    }

    @Test(arguments: ["not base64 !!", Data(count: 16).base64EncodedString(), Data(count: 33).base64EncodedString(), ""])
    func rejectsMalformedKeysWithAClearMessage(raw: String) {
        #expect(throws: ConfigurationError.self) { try EncryptionKey(base64: raw) }
        do { _ = try EncryptionKey(base64: raw) } catch { #expect(String(describing: error).contains("UNIFIED_CRM_ENCRYPTION_KEY")) }
    }

    @Test func sealedBytesDifferEachTimeAndOpenBack() throws {
        let box = SecretBox(key: .random())
        let plain = Data("hello".utf8)
        let a = try box.seal(plain), b = try box.seal(plain)
        #expect(a != b)
        #expect(try box.open(a) == plain)
        var tampered = a
        tampered[tampered.count - 1] ^= 1
        #expect(throws: SecretBoxError.openFailed) { try box.open(tampered) }
    }
}

/// Runs jobs on the global queue, except while held: then they wait until `release()`.
private final class HoldingExecutor: TaskExecutor, @unchecked Sendable {
    private let lock = NSLock()
    private var holding = false
    private var held: [UnownedJob] = []

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let run = lock.withLock {
            if holding { held.append(job) }
            return !holding
        }
        if run { schedule(job) }
    }

    func hold() { lock.withLock { holding = true } }

    func release() {
        let jobs = lock.withLock {
            holding = false
            defer { held = [] }
            return held
        }
        jobs.forEach(schedule)
    }

    private func schedule(_ job: UnownedJob) {
        DispatchQueue.global().async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
