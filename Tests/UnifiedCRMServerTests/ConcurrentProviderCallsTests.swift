import Foundation
import Synchronization
import Testing
import UnifiedCRMCore
import UnifiedCRMServer

/// A HubSpot whose pipelines route answers only once the deal itself has been asked for: a server
/// that fetched the stage names and the record one after the other would never get the names.
private final class RendezvousTransport: ProviderTransport, Sendable {
    private let dealRequested = Mutex(false)

    func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        let path = URLComponents(string: request.url)?.path ?? ""
        func answer(_ body: String, status: Int = 200) -> ProviderResponse {
            ProviderResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        }
        if path.contains("/properties/") { return answer(#"{"results":[]}"#) }
        if path.contains("/pipelines/") {
            // Bounded wait (a deadlock guard, not a measurement): 500 polls of 10 ms.
            for _ in 0..<500 {
                if dealRequested.withLock({ $0 }) { return answer(#"{"results":[{"id":"default","stages":[{"id":"won","label":"Closed won"}]}]}"#) }
                try await Task.sleep(for: .milliseconds(10))
            }
            return answer(#"{"message":"the deal was never requested while stages were pending"}"#, status: 500)
        }
        dealRequested.withLock { $0 = true }
        return answer(#"{"id":"11","properties":{"dealname":"D","dealstage":"won"}}"#)
    }
}

@Suite struct ConcurrentProviderCallsTests {
    @Test func stageNamesLoadWhileTheRecordIsFetched() async throws {
        let mappings = try MappingDirectory.load(repositoryMappings)
        let server = try TestServer(mappings: mappings, caller: ProviderCaller(transport: RendezvousTransport(), maxRetryWait: .zero))
        let account = try await AccountService(database: server.database, catalog: mappings.catalog)
            .create(body: .from(#"{"integration":"hubspot","tenant_id":"t","context":{"api_key":"pat-x"}}"#))
        try await server.test { client in
            let result = try await client.send(.get, "/unified/crm/opportunities/11?integrated_account_id=\(account.id.uuidString.lowercased())")
            #expect(result.status == .ok)
            #expect(result.json["stage"] == .from(#"{"id":"won","name":"Closed won"}"#))
        }
    }
}
