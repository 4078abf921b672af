import Testing
@testable import UnifiedCRMCore

@Suite struct HeaderNameTests {
    @Test(arguments: [("Content-Type", "content-type", true), ("X-RateLimit-Remaining", "x-ratelimit-remaining", true),
                      ("Retry-After", "Retry-After", true), ("Retry-After", "Retry-Afte", false), ("a", "b", false),
                      ("@", "`", false), ("[", "{", false), ("Ümlaut", "ümlaut", false)])
    func namesCompareCaseInsensitivelyInASCIIOnly(a: String, b: String, equal: Bool) {
        #expect(HeaderName.equal(a, b) == equal)
    }

    @Test func aProviderAnswersHeaderIsFoundWhateverItsCase() {
        let response = ProviderResponse(status: 200, headers: [("content-type", "application/json"), ("RETRY-AFTER", "3")], body: [])
        #expect(response.header("Content-Type") == "application/json" && response.header("retry-after") == "3" && response.header("ETag") == nil)
    }
}
