// The stages of the request path, one by one, so a regression shows in numbers (issue 14, item 4):
// parse (provider bytes → JSON values, capturing each record's bytes), map (native → unified
// records), render (the unified list envelope), and one whole `GET /unified/crm/opportunities/{id}`
// through `UnifiedService` with an in-process transport that answers the captured HubSpot deal,
// properties and pipelines (no sockets: what is left is the server's own work).

import Benchmark
import Foundation
import UnifiedCRMCore

extension PageFixture {
    /// The parsed page and each record's bytes.
    func parse() throws -> (natives: [JSONValue], ranges: [Range<Int>]) {
        var parser = JSONParser(bytes: page, capturePath: root)
        let body = try parser.parseDocument()
        return (body.value(at: root)?.arrayValue ?? [], parser.capturedRanges)
    }

    /// Unified records of parsed natives.
    func records(_ natives: [JSONValue], _ ranges: [Range<Int>]) -> [UnifiedRecord] {
        natives.enumerated().map { i, native in
            UnifiedRecord(fields: mapper.read(native, customFields: catalog), nativeBytes: i < ranges.count ? page[ranges[i]] : nil)
        }
    }
}

/// Answers HubSpot's deal, property and pipeline reads from the captured fixtures.
struct CapturedHubSpot: ProviderTransport {
    let deal: [UInt8], properties: [UInt8], pipelines: [UInt8]

    init(fixtures: URL) throws {
        func bytes(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: fixtures.appendingPathComponent(name))) }
        (deal, properties, pipelines) = (try bytes("hubspot-deal.json"), try bytes("hubspot-properties.json"), try bytes("hubspot-pipelines.json"))
    }

    func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        // Told apart by the path's start, on bytes: Foundation's `contains` showed in the profile.
        let path = request.url.utf8.drop { $0 != UInt8(ascii: "/") }.dropFirst(2).drop { $0 != UInt8(ascii: "/") }
        let body = path.starts(with: "/crm/v3/properties".utf8) ? properties : path.starts(with: "/crm/v3/pipelines".utf8) ? pipelines : deal
        return ProviderResponse(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }
}

/// A unified service over the repository's mappings, one HubSpot account, and `CapturedHubSpot`.
struct InProcessRequest {
    let service: UnifiedService
    let query: UnifiedQuery
    let dealID: String

    /// Made once for the process (the benchmark closure runs once per sample), with one request
    /// sent first so the custom-field and stage-name caches are warm, as a running server has them.
    static let shared = Task {
        let request = try await make()
        _ = try await request.run()
        return request
    }

    static func make() async throws -> InProcessRequest {
        let fixtures = PageFixture.fixturesDirectory
        let mappings = try MappingDirectory.load(PageFixture.mappingsDirectory)
        let store = InMemoryAccountStore()
        let account = try await AccountService(database: store, catalog: mappings.catalog)
            .create(body: try JSONParser.parse(Data(#"{"integration":"hubspot","tenant_id":"bench","context":{"api_key":"pat-bench"}}"#.utf8)))
        let caller = ProviderCaller(transport: try CapturedHubSpot(fixtures: fixtures), maxRetryWait: .zero)
        let deal = try JSONParser.parse(Data(contentsOf: fixtures.appendingPathComponent("hubspot-deal.json")))
        return InProcessRequest(service: UnifiedService(mappings: mappings, database: store, caller: caller),
                                query: try UnifiedQuery.parse("integrated_account_id=\(account.id.uuidString.lowercased())"),
                                dealID: deal["id"]?.stringValue ?? "")
    }

    func run() async throws -> UnifiedResponse {
        let response = try await service.get(resource: "opportunities", id: dealID, query: query)
        precondition(response.status == 200, "in-process GET answered \(response.status)")
        return response
    }
}

func stageBenchmarks(_ fixtures: [PageFixture]) {
    for fixture in fixtures {
        Benchmark("\(fixture.provider) stage parse") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try fixture.parse()) }
        }
        let (natives, ranges) = try! fixture.parse()
        Benchmark("\(fixture.provider) stage map") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.records(natives, ranges)) }
        }
        let records = fixture.records(natives, ranges)
        Benchmark("\(fixture.provider) stage render") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(fixture.renderer.writeList(records, nextCursor: "eyJhZnRlciI6IjEwMCJ9")) }
        }
    }
    Benchmark("hubspot get one deal in-process") { benchmark in
        let request = try await InProcessRequest.shared.value
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await request.run()) }
    }
}
