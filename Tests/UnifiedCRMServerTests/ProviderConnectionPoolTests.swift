import FakeProviderKit
import Foundation
import Testing
import UnifiedCRMCore

/// Many callers reading one provider at once are sent on as many connections at once: the
/// emulator holds every request until all of them are in flight together, so a client that queued
/// them behind a few pooled connections would get the emulator's 503 (and the caller a timeout)
/// instead of the records. The emulator's 30 s window is a deadlock guard, not a measurement: on a
/// loaded machine the 24 reads take seconds to arrive.
@Suite struct ProviderConnectionPoolTests {
    static let concurrent = 24

    @Test(arguments: ProviderCase.allCases)
    func concurrentReadsOfOneProviderAreInFlightTogether(provider: ProviderCase) async throws {
        try await ProviderHarness.run(provider, timeout: .seconds(45)) { h, client in
            // Warm the account's lookups (custom fields, stages) so each read below is one call.
            #expect(try await client.send(.get, h.uri("", "limit=1")).status == .ok)
            await h.emulator.faults.add(Fault(kind: .gather, delayMilliseconds: 30_000, count: Self.concurrent))
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<Self.concurrent { group.addTask { Int(try await client.send(.get, h.uri("", "limit=1")).status.code) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            #expect(await h.emulator.faults.queued.isEmpty, "every read was held and released together")
        }
    }
}
