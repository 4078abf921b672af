import Foundation
import Testing
import UnifiedCRMCore

@Suite struct RequestBudgetTests {
    let budget = RequestBudget(requests: 4, seconds: 2)

    @Test func aBurstWithinTheBudgetGoesAtOnceAndTheRestWaitsItsTurn() {
        let budgets = RequestBudgets()
        let now = ContinuousClock.now
        let waits = (0..<7).map { _ in budgets.reserve("acct", budget: budget, now: now) }
        // 4 tokens, refilled at 2 per second: the 5th waits 0.5 s, the 6th 1 s, the 7th 1.5 s.
        #expect(waits == [.zero, .zero, .zero, .zero, .milliseconds(500), .milliseconds(1000), .milliseconds(1500)])
        // Another account has its own bucket.
        #expect(budgets.reserve("other", budget: budget, now: now) == .zero)
    }

    @Test func theBucketRefillsWithTimeUpToItsSize() {
        let budgets = RequestBudgets()
        let start = ContinuousClock.now
        for _ in 0..<4 { _ = budgets.reserve("acct", budget: budget, now: start) }
        #expect(budgets.reserve("acct", budget: budget, now: start + .seconds(1)) == .zero, "two tokens back after a second")
        #expect(budgets.reserve("acct", budget: budget, now: start + .seconds(1)) == .zero)
        #expect(budgets.reserve("acct", budget: budget, now: start + .seconds(1)) == .milliseconds(500))
        let later = start + .seconds(3600)
        for _ in 0..<4 { #expect(budgets.reserve("acct", budget: budget, now: later) == .zero) }
        #expect(budgets.reserve("acct", budget: budget, now: later) > .zero, "never more than its size")
    }

    @Test func aWaitBeyondTheRetryBudgetIsA429Now() async {
        let budgets = RequestBudgets()
        for _ in 0..<4 { try? await budgets.acquire("acct", budget: budget, maxWait: .zero, provider: "highlevel") }
        do {
            try await budgets.acquire("acct", budget: budget, maxWait: .milliseconds(100), provider: "highlevel")
            Issue.record("expected a 429")
        } catch let error as APIError {
            #expect(error.code == .rateLimited)
            #expect(error.headers["Retry-After"] == "1")
        } catch { Issue.record("\(error)") }
    }

    @Test func theHighLevelMappingDeclaresItsDocumentedBudget() throws {
        let mapping = try #require(try MappingDirectory.load(repositoryRoot.appendingPathComponent("mappings").path)["highlevel"])
        #expect(mapping.rateLimit?.budget == RequestBudget(requests: 100, seconds: 10))
    }
}
