import Testing
import UnifiedCRMCore

@Suite struct GrantedScopesTests {
    @Test func eachProvidersTokenFormatReads() {
        #expect(GrantedScopes.of(.from(#"{"oauth":{"token":{"scope":"a.readonly b.write"}}}"#)) == ["a.readonly", "b.write"])
        #expect(GrantedScopes.of(.from(#"{"oauth":{"token":{"scope":"base,deals:full"}}}"#)) == ["base", "deals:full"])
        #expect(GrantedScopes.of(.from(#"{"oauth":{"token":{"scopes":["oauth","crm.objects.deals.read"]}}}"#)) == ["oauth", "crm.objects.deals.read"])
        #expect(GrantedScopes.of(.from(#"{"api_key":"k","scopes":"x, y"}"#)) == ["x", "y"])
        #expect(GrantedScopes.of(.from(#"{"api_key":"k"}"#)) == nil, "no recorded grant: not checked")
    }

    @Test func mappingsDeclareScopesAsNonEmptyLists() {
        func compile(_ scopes: String) -> [String] {
            var json = JSONValue.from(validMapping)
            json.set(.from(scopes), at: ["resources", "opportunities", "operations", "get", "scopes"])
            return MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas).1.map(\.path)
        }
        #expect(compile(#"["deals:read","deals:full"]"#) == [])
        #expect(compile(#"[]"#) == ["$.resources.opportunities.operations.get.scopes"])
        #expect(compile(#"[""]"#) == ["$.resources.opportunities.operations.get.scopes"])
        #expect(compile(#""deals:read""#) == ["$.resources.opportunities.operations.get.scopes"])
    }
}
