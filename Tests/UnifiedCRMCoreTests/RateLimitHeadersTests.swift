import Foundation
import Testing
import UnifiedCRMCore

private func answer(_ headers: [(String, String)], status: Int = 200) -> ProviderResponse {
    ProviderResponse(status: status, headers: headers, body: Array("{}".utf8))
}

@Suite struct RateLimitHeadersTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test(arguments: [
        (RateLimitHeaders.ResetUnit.seconds, "7", 7),
        (.milliseconds, "10000", 10),
        (.milliseconds, "1500", 2),
        (.epochSeconds, "1700000042", 42),
        (.epochMilliseconds, "1700000005000", 5),
        (.epochSeconds, "1600000000", 0),
    ])
    func resetIsSecondsFromNowWhateverTheProvidersUnit(unit: RateLimitHeaders.ResetUnit, value: String, seconds: Int) {
        let headers = RateLimitHeaders(limit: "X-Limit", remaining: "X-Left", reset: "X-Reset", resetUnit: unit)
        let state = headers.state(of: answer([("x-limit", "100"), ("X-Left", "99"), ("X-Reset", value)]), now: now)
        #expect(state == RateLimitHeaders.State(limit: 100, remaining: 99, resetSeconds: seconds))
        #expect(state?.headers.map(\.0) == ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"])
    }

    @Test func absentOrHostileValuesAreLeftOut() {
        let headers = RateLimitHeaders(limit: "X-Limit", remaining: "X-Left", reset: "X-Reset", resetUnit: .seconds)
        #expect(headers.state(of: answer([]), now: now) == nil)
        #expect(headers.state(of: answer([("X-Limit", "lots"), ("X-Left", "-1"), ("X-Reset", "1e300")]), now: now)
            == RateLimitHeaders.State(limit: nil, remaining: nil, resetSeconds: 86_400))
    }

    @Test func mappingFilesDeclareThemAndMistakesAreDiagnostics() throws {
        let base = #"{"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"A":"{context.api_key}"}}},"resources":{"opportunities":{"operations":{"list":{"method":"GET","path":"/d"},"get":{"method":"GET","path":"/d/{id}"}},"fields":{"id":{"path":"id"}}}}"#
        func compile(_ rateLimit: String) -> (ProviderMapping?, [String]) {
            let (mapping, diagnostics) = MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: Data((base + #","rate_limit":\#(rateLimit)}"#).utf8), schemas: repositorySchemas)
            return (mapping, diagnostics.map(\.path))
        }
        let (mapping, problems) = compile(#"{"limit_header":"X-Limit","reset_header":"X-Reset","reset_unit":"epoch_seconds"}"#)
        #expect(problems == [])
        #expect(mapping?.rateLimit?.resetUnit == .epochSeconds)
        #expect(compile(#"{}"#).1 == ["$.rate_limit"])
        #expect(compile(#"{"reset_header":"X-Reset"}"#).1 == ["$.rate_limit.reset_unit"])
        #expect(compile(#"{"reset_header":"X-Reset","reset_unit":"hours"}"#).1 == ["$.rate_limit.reset_unit"])
        #expect(compile(#"{"limit_header":"X-Limit","window":"X"}"#).1 == ["$.rate_limit.window"])
    }
}
