import Foundation
import Testing
import UnifiedCRMCore

/// OAuth scopes: a grant without the route's scope is a 403 naming it, and nothing is sent.
@Suite struct ScopeTests {
    /// `mappings/<provider>/fixtures/oauth-grants.json`: a read-only grant in the provider's own format.
    static func grants(_ provider: ProviderCase) throws -> JSONValue {
        let url = URL(fileURLWithPath: repositoryMappings).appendingPathComponent("\(provider.integration)/fixtures/oauth-grants.json")
        return try JSONValue.parse(Data(contentsOf: url))
    }

    @Test(arguments: ProviderCase.allCases)
    func aReadOnlyGrantReadsButCannotWrite(provider: ProviderCase) async throws {
        let grants = try Self.grants(provider)
        try await ProviderHarness.run(provider, context: grants["read_only"]) { h, client in
            let list = try await client.send(.get, h.uri("", "limit=2"))
            #expect(list.status == .ok)
            let before = await h.providerRequests().count
            let create = try await client.send(.post, h.uri(), json: h.createBody(name: "Not allowed"))
            #expect(create.status == .forbidden)
            #expect(create.json["error"]?["code"] == .string("insufficient_scope"))
            #expect(create.json["error"]?["message"]?.stringValue?.contains(grants["write_scope"]?.stringValue ?? "?") == true)
            #expect(await h.providerRequests().count == before, "nothing sent")
        }
    }
}
