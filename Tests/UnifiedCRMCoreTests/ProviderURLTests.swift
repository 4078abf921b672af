import Testing
@testable import UnifiedCRMCore

/// The provider client's URL reading: origin, `Host` header and request target, and what it refuses.
@Suite struct ProviderURLTests {
    @Test(arguments: [
        ("https://api.hubapi.com/crm/v3/objects/deals?limit=10", true, "api.hubapi.com", 443, "api.hubapi.com", "/crm/v3/objects/deals?limit=10"),
        ("http://127.0.0.1:8080", false, "127.0.0.1", 8080, "127.0.0.1:8080", "/"),
        ("http://example.com:80/a#frag", false, "example.com", 80, "example.com", "/a"),
        ("https://example.com?x=1", true, "example.com", 443, "example.com", "/?x=1"),
        ("http://[::1]:9000/p", false, "::1", 9000, "[::1]:9000", "/p"),
        ("https://[2001:db8::1]/", true, "2001:db8::1", 443, "[2001:db8::1]", "/"),
    ])
    func readsTheOriginAndTarget(url: String, tls: Bool, host: String, port: Int, hostHeader: String, target: String) throws {
        let parsed = try #require(ProviderURL(url))
        #expect(parsed.origin.tls == tls && parsed.origin.host == host && parsed.origin.port == port)
        #expect(parsed.origin.hostHeader == hostHeader && parsed.target == target)
    }

    @Test(arguments: ["ftp://x/", "http://", "https:///path", "http://user@host/", "http://host:0/", "http://host:65536/", "http://host:8a/",
                      "http://[::1/", "http://[::1]x/", "http://ho st/", "http://host/a b", "http://host/a\r\nX: y", "/relative", "HTTP://host/"])
    func refusesWhatIsNotAnAbsoluteHTTPURL(url: String) {
        #expect(ProviderURL(url) == nil)
    }

    @Test func blanksAreTrimmedAsFoundationTrimsThem() {
        for text in ["", " ", "\t1500 ", "1500", " 1 2 ", "\u{00A0}12\u{2003}", "x\t"] {
            #expect(text.trimmingBlanks == text.trimmingCharacters(in: .whitespaces), "\(text.debugDescription)")
        }
    }
}
