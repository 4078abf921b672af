import Foundation
import HummingbirdTesting
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// Polling: changes made outside this account (here: through a second account on the same CRM)
/// become record events for the polled account, once each, across restarts.
@Suite struct PollingTests {
    @Test(arguments: ProviderCase.allCases)
    func aChangeMadeElsewhereIsEmittedOnceAcrossRestarts(provider: ProviderCase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await ProviderHarness.run(provider) { h, client in
                _ = try await WebhookTests.subscribe(client, url: url, types: ["record:created", "record:updated"], account: h.accountID)
                let polling = try await client.send(.put, "/integrated-account/\(h.accountID)/polling", json: .object(["resources": .array([.string("opportunities")]), "interval_seconds": .integer(60)]))
                #expect(polling.status == .ok, "\(polling.text)")
                let poller = try #require(h.server.dependencies.poller)
                let worker = try WebhookTests.worker(h)
                #expect(await poller.runDue() == 0, "the first run only sets the watermark")

                // Another account on the same CRM writes: the polled account did not see it happen.
                let other = try await AccountService(database: h.server.database, catalog: h.server.dependencies.catalog)
                    .create(body: .object(["integration": .string(provider.integration), "tenant_id": .string("other"), "context": provider.context]))
                let otherURI = h.uri().replacingOccurrences(of: h.accountID, with: other.id.uuidString.lowercased())
                let created = try await client.send(.post, otherURI, json: h.createBody(name: "Made elsewhere"))
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"]?.stringValue)
                #expect(await poller.runDue(now: Date().addingTimeInterval(61)) == 1)
                #expect(await poller.runDue(now: Date().addingTimeInterval(122)) == 0, "nothing new")

                try await Task.sleep(for: .milliseconds(5))
                let path = otherURI.replacingOccurrences(of: "?", with: "/\(id)?")
                #expect(try await client.send(.patch, path, json: .object(["name": .string("Changed elsewhere")])).status == .ok)
                // A restart: a new poller over the same database file.
                let reopened = try AppDatabase(path: h.server.databasePath, encryptionKey: h.server.key)
                let restarted = RecordPoller(unified: poller.unified, store: reopened)
                #expect(await restarted.runDue(now: Date().addingTimeInterval(183)) == 1)
                #expect(await restarted.runDue(now: Date().addingTimeInterval(244)) == 0)

                await worker.deliverDue()
                await worker.deliverDue()
                let events = receiver.received.map(\.json)
                #expect(events.map { $0["event"]?.stringValue ?? "" } == ["record:created", "record:updated"])
                #expect(events.allSatisfy { $0["payload"]?["integrated_account_id"] == .string(h.accountID) && $0["payload"]?["id"] == .string(id) })
                #expect(events.last?["payload"]?["record"]?["name"] == .string("Changed elsewhere"))
            }
        }
    }

    /// Providers whose mapping says how their list shows deleted records.
    static let withDeletions = ProviderCase.allCases.filter { provider in
        (try? MappingDirectory.load(repositoryMappings).mappings[provider.integration]?.resources["opportunities"]?.deletions) != nil
    }

    @Test(arguments: withDeletions)
    func aDeletionMadeElsewhereIsEmittedOnceAndOurOwnWritesAreNotEmittedAgain(provider: ProviderCase) async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await ProviderHarness.run(provider) { h, client in
                _ = try await WebhookTests.subscribe(client, url: url, types: ["record:created", "record:updated", "record:deleted"], account: h.accountID)
                #expect(try await client.send(.put, "/integrated-account/\(h.accountID)/polling", json: .object(["resources": .array([.string("opportunities")]), "interval_seconds": .integer(60)])).status == .ok)
                let poller = try #require(h.server.dependencies.poller)
                #expect(await poller.runDue() == 0, "the first run only sets the watermarks")

                // Written through the polled account: announced by the write, not again by the poll.
                let ours = try await client.send(.post, h.uri(), json: h.createBody(name: "Ours"))
                let ourID = try #require(ours.json["id"]?.stringValue)
                #expect(await poller.runDue(now: Date().addingTimeInterval(61)) == 0, "our own create")

                let other = try await AccountService(database: h.server.database, catalog: h.server.dependencies.catalog)
                    .create(body: .object(["integration": .string(provider.integration), "tenant_id": .string("other"), "context": provider.context]))
                let otherURI = h.uri().replacingOccurrences(of: h.accountID, with: other.id.uuidString.lowercased())
                try await Task.sleep(for: .milliseconds(5))
                #expect(try await client.send(.delete, otherURI.replacingOccurrences(of: "?", with: "/\(ourID)?")).status == .ok)
                #expect(await poller.runDue(now: Date().addingTimeInterval(122)) == 1, "deleted elsewhere")
                #expect(await poller.runDue(now: Date().addingTimeInterval(183)) == 0, "once")

                let worker = try WebhookTests.worker(h)
                for _ in 0..<3 { await worker.deliverDue() }
                let events = receiver.received.map(\.json)
                #expect(events.map { $0["event"]?.stringValue ?? "" } == ["record:created", "record:deleted"])
                #expect(events.last?["payload"]?["id"] == .string(ourID))
            }
        }
    }

    @Test func pollingSettingsAreValidated() async throws {
        try await ProviderHarness.run(try ProviderCase.named("hubspot")) { h, client in
            for (body, field) in [(#"{"resources":["engagements"]}"#, "resources[0]"), (#"{"resources":["opportunities"],"interval_seconds":1}"#, "interval_seconds"),
                                  (#"{}"#, "resources"), (#"{"resources":[],"every":5}"#, "every")] {
                let answer = try await client.send(.put, "/integrated-account/\(h.accountID)/polling", raw: body)
                #expect(answer.status == .badRequest, "\(body)")
                #expect(answer.json["error"]?["details"]?["field"] == .string(field), "\(body): \(answer.text)")
            }
            let off = try await client.send(.put, "/integrated-account/\(h.accountID)/polling", json: .object(["resources": .array([])]))
            #expect(off.json["result"] == .array([]))
            #expect(try await client.send(.get, "/integrated-account/\(UUID())/polling").status == .notFound)
        }
    }
}
