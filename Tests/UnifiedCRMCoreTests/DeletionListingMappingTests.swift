import Foundation
import Testing
import UnifiedCRMCore

/// `resources.<name>.deletions`: how the list shows deleted records, for pollers.
@Suite struct DeletionListingMappingTests {
    func compile(_ deletions: JSONValue) -> (ProviderMapping?, [MappingDiagnostic]) {
        var json = (try? JSONValue.parse(Data(validMapping.utf8))) ?? .null
        json.set(deletions, at: ["resources", "opportunities", "deletions"])
        return MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: json.encoded(), schemas: repositorySchemas)
    }

    @Test func aListingCompilesToItsQueryAndDeletionTimePath() throws {
        let (mapping, diagnostics) = compile(.from(#"{"query": {"status": "deleted", "scope": "all"}, "deleted_at": "meta.deleted_at"}"#))
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let listing = try #require(mapping?.resources["opportunities"]?.deletions)
        #expect(listing.query.map { "\($0.0)=\($0.1)" } == ["scope=all", "status=deleted"])
        #expect(listing.deletedAtPath == ["meta", "deleted_at"])
    }

    @Test(arguments: [
        (#"{"query": {"status": "deleted"}}"#, "$.resources.opportunities.deletions.deleted_at", "missing"),
        (#"{"query": {}, "deleted_at": "x"}"#, "$.resources.opportunities.deletions.query", "missing"),
        (#"{"query": {"status": 1}, "deleted_at": "x"}"#, "$.resources.opportunities.deletions.query.status", "invalid_type"),
        (#"{"query": {"status": "deleted"}, "deleted_at": "x", "since": "y"}"#, "$.resources.opportunities.deletions.since", "unknown_key"),
    ])
    func aBrokenListingIsADiagnosticAtItsPath(text: String, at: String, code: String) {
        let (mapping, diagnostics) = compile(.from(text))
        #expect(mapping == nil)
        #expect(diagnostics.contains { $0.path == at && $0.code == code }, "\(diagnostics)")
    }
}
