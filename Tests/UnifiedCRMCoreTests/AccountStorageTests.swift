import Foundation
import Testing
@testable import UnifiedCRMCore

private func tempPath() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("core-test-\(UUID().uuidString).sqlite").path
}

private func account(_ secret: String, tenant: String = "acme") -> IntegratedAccount {
    let now = Date(epochMilliseconds: 1_700_000_000_123)
    return IntegratedAccount(
        id: UUID(), tenantId: tenant, integration: "hubspot", status: .active, authenticationMethod: "api_key",
        context: .object(["api_key": .string(secret), "portal": .string("eu1")]), createdAt: now, updatedAt: now
    )
}

@Suite struct AccountStorageTests {
    @Test func secretsAreEncryptedAtRest() async throws {
        let path = tempPath()
        let secret = "pat-na1-VERY-SECRET-VALUE-42"
        do {
            let database = try AppDatabase(path: path, encryptionKey: .random())
            try await database.createAccount(account(secret))
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
        let path = tempPath()
        let key = EncryptionKey.random()
        let stored = account("secret-1")
        do {
            let database = try AppDatabase(path: path, encryptionKey: key)
            try await database.createAccount(stored)
        }
        let reopened = try AppDatabase(path: path, encryptionKey: key)
        let loaded = try await reopened.account(id: stored.id)
        #expect(loaded == stored)
    }

    @Test func anotherKeyCannotReadTheCredentials() async throws {
        let path = tempPath()
        let stored = account("secret-2")
        do {
            let database = try AppDatabase(path: path, encryptionKey: .random())
            try await database.createAccount(stored)
        }
        let wrongKey = try AppDatabase(path: path, encryptionKey: .random())
        await #expect(throws: SecretBoxError.openFailed) { try await wrongKey.account(id: stored.id) }
    }

    @Test func listPagesByKeysetWithoutGapsOrDuplicates() async throws {
        let database = try AppDatabase(path: tempPath(), encryptionKey: .random())
        var ids: [UUID] = []
        for i in 0..<10 {
            let a = account("s\(i)", tenant: i.isMultiple(of: 3) ? "x" : "y")
            ids.append(a.id)
            try await database.createAccount(a)
        }
        var seen: [UUID] = []
        var after: Int64?
        repeat {
            let page = try await database.listAccounts(filter: AccountFilter(), limit: 3, after: after)
            seen += page.accounts.map(\.id)
            after = page.nextAfter
        } while after != nil
        #expect(seen == ids)
        let filtered = try await database.listAccounts(filter: AccountFilter(tenantId: "x"), limit: 100, after: nil)
        #expect(filtered.accounts.count == 4)
        #expect(filtered.nextAfter == nil)
    }

    @Test func updateThatThrowsWritesNothing() async throws {
        let database = try AppDatabase(path: tempPath(), encryptionKey: .random())
        let stored = account("s")
        try await database.createAccount(stored)
        struct Abort: Error {}
        await #expect(throws: Abort.self) {
            _ = try await database.updateAccount(id: stored.id) { account in
                account.tenantId = "changed"
                throw Abort()
            }
        }
        #expect(try await database.account(id: stored.id)?.tenantId == "acme")
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
