import Foundation
import Testing
import UnifiedCRMCore

/// Offset and page-number pagination: the next position is computed from what the page was asked
/// with and how many records it held; the walk ends at a short or empty page, or at `has_more`.
@Suite struct CountedPaginationTests {
    static func mapping(_ pagination: String) -> String {
        #"""
        {"name":"tiny","base_url":"https://api.tiny.example","auth":{"api_key":{"requires":["api_key"],"headers":{"Authorization":"Token {context.api_key}"}}},
         "resources":{"accounts":{"operations":{
           "list":{"method":"GET","path":"/companies","root":"data","limit":{"param":"limit","max":2,"default":2},"pagination":\#(pagination)},
           "get":{"method":"GET","path":"/companies/{id}"}},
           "fields":{"id":{"path":"id"},"name":{"path":"name"}}}}}
        """#
    }

    func walk(_ pagination: String, pages: [String]) async throws -> (ids: [String], urls: [String]) {
        let scripted = try await ScriptedService(mapping: Self.mapping(pagination), answers: pages.map { response(200, $0) })
        var ids: [String] = [], cursor = ""
        for _ in 0..<10 {
            let page = try JSONValue.parse(Data(try await scripted.service.list(resource: "accounts", query: try scripted.query(cursor)).body))
            ids += page["result"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
            guard let next = page["next_cursor"]?.stringValue else { break }
            cursor = "next_cursor=\(next)"
        }
        return (ids, scripted.transport.requests.map(\.url))
    }

    @Test func offsetsGrowByTheRecordsSeenAndAShortPageEnds() async throws {
        let (ids, urls) = try await walk(#"{"offset":"skip"}"#, pages: [#"{"data":[{"id":1},{"id":2}]}"#, #"{"data":[{"id":3},{"id":4}]}"#, #"{"data":[{"id":5}]}"#])
        #expect(ids == ["1", "2", "3", "4", "5"])
        #expect(urls == ["https://api.tiny.example/companies?limit=2", "https://api.tiny.example/companies?limit=2&skip=2", "https://api.tiny.example/companies?limit=2&skip=4"])
    }

    @Test func hasMoreEndsTheWalkEvenAfterAFullPage() async throws {
        let (ids, urls) = try await walk(#"{"offset":"_skip","has_more":"has_more"}"#, pages: [#"{"data":[{"id":1},{"id":2}],"has_more":true}"#, #"{"data":[{"id":3},{"id":4}],"has_more":false}"#])
        #expect(ids == ["1", "2", "3", "4"])
        #expect(urls.count == 2)
    }

    @Test func pageNumbersGrowByOneFromTheFirst() async throws {
        let (ids, urls) = try await walk(#"{"page":"page","first":0}"#, pages: [#"{"data":[{"id":1},{"id":2}]}"#, #"{"data":[]}"#])
        #expect(ids == ["1", "2"])
        #expect(urls == ["https://api.tiny.example/companies?limit=2", "https://api.tiny.example/companies?limit=2&page=1"])
    }

    @Test(arguments: [(#"{"offset":"skip","page":"p"}"#, "$.resources.accounts.operations.list.pagination"),
                      (#"{"offset":"skip","first":1}"#, "$.resources.accounts.operations.list.pagination.first"),
                      (#"{"has_more":"more"}"#, "$.resources.accounts.operations.list.pagination.next")])
    func mistakesAreLoadErrors(pagination: String, path: String) throws {
        let (_, diagnostics) = MappingDirectory.compileWithDiagnostics(fileName: "tiny.json", data: Data(Self.mapping(pagination).utf8), schemas: repositorySchemas)
        #expect(diagnostics.filter { $0.severity == .error }.map(\.path).contains(path), "\(diagnostics.map { "\($0.path): \($0.message)" })")
    }
}
