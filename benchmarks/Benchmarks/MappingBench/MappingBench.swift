// Mapping speed of the core mapper on one 100-record provider list page, against a plain
// JSONSerialization decode + encode of the same page (the baseline).
//
// "mapper" does what `UnifiedService.fetchPage` + `RecordRenderer.writeList` do for one page:
// parse the provider's bytes (capturing each record's byte range for `remote_data`), map every
// record native → unified (custom fields included), and write the unified list envelope.
//
// Fixtures are real emulator pages captured by `benchmarks/run` (benchmarks/fixtures/*.json).
// BENCH_QUICK=1 runs a few iterations only (smoke mode).

import Benchmark
import Foundation
import UnifiedCRMCore

/// One provider's page, its field definitions and the compiled mapping.
struct PageFixture: Sendable {
    let provider: String
    let page: [UInt8]
    let pageData: Data
    let root: [String]
    let mapper: RecordMapper
    let catalog: CustomFieldCatalog
    let renderer: RecordRenderer
    let recordCount: Int

    static let benchmarksDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixturesDirectory = ProcessInfo.processInfo.environment["BENCH_FIXTURES"].map { URL(fileURLWithPath: $0) }
        ?? benchmarksDirectory.appendingPathComponent("fixtures")
    static let mappingsDirectory = ProcessInfo.processInfo.environment["BENCH_MAPPINGS"]
        ?? benchmarksDirectory.deletingLastPathComponent().appendingPathComponent("mappings").path

    static func load(provider: String, definitionsFile: String) throws -> PageFixture {
        let fixtures = fixturesDirectory
        let mappings = try MappingDirectory.load(mappingsDirectory)
        guard let mapping = mappings[provider], let resource = mapping.resources["opportunities"],
              let list = resource.operations[.list] else {
            fatalError("no opportunities list mapping for \(provider) in \(mappingsDirectory)")
        }
        let data = try Data(contentsOf: fixtures.appendingPathComponent("\(provider)-deals-page.json"))
        let definitions = try JSONParser.parse(Data(contentsOf: fixtures.appendingPathComponent(definitionsFile)))
        var catalog = CustomFieldCatalog.empty
        if let custom = resource.customFields {
            catalog = CustomFieldCatalog(records: definitions.value(at: custom.definitions.root)?.arrayValue ?? [], mapping: custom)
        }
        let query = try UnifiedQuery.parse("integrated_account_id=6f1c2d3e-0000-4000-8000-000000000001")
        let page = [UInt8](data)
        let count = try JSONParser.parse(page).value(at: list.root)?.arrayValue?.count ?? 0
        return PageFixture(
            provider: provider, page: page, pageData: data, root: list.root,
            mapper: RecordMapper(provider: mapping.name, resource: resource), catalog: catalog,
            renderer: RecordRenderer(schema: resource.schema, query: query), recordCount: count
        )
    }

    /// Provider page bytes → unified list envelope bytes.
    func map() throws -> [UInt8] {
        var parser = JSONParser(bytes: page, capturePath: root)
        let body = try parser.parseDocument()
        let natives = body.value(at: root)?.arrayValue ?? []
        let ranges = parser.capturedRanges
        var records: [UnifiedRecord] = []
        records.reserveCapacity(natives.count)
        for (i, native) in natives.enumerated() {
            records.append(UnifiedRecord(fields: mapper.read(native, customFields: catalog), nativeBytes: i < ranges.count ? page[ranges[i]] : nil))
        }
        return renderer.writeList(records, nextCursor: "eyJhZnRlciI6IjEwMCJ9")
    }

    /// Baseline: the same bytes decoded to Foundation objects and encoded back.
    func decodeEncode() throws -> Data {
        let object = try JSONSerialization.jsonObject(with: pageData)
        return try JSONSerialization.data(withJSONObject: object)
    }
}

let benchmarks: @Sendable () -> Void = {
    let quick = ProcessInfo.processInfo.environment["BENCH_QUICK"] != nil
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: quick ? 1 : 20,
        scalingFactor: .one,
        maxDuration: quick ? .milliseconds(100) : .seconds(4),
        maxIterations: quick ? 10 : 1_000_000
    )
    let fixtures: [PageFixture]
    do {
        fixtures = [
            try PageFixture.load(provider: "hubspot", definitionsFile: "hubspot-properties.json"),
            try PageFixture.load(provider: "pipedrive", definitionsFile: "pipedrive-dealfields.json"),
        ]
    } catch {
        fatalError("cannot load fixtures: \(error)")
    }
    for fixture in fixtures {
        precondition(fixture.recordCount == 100, "\(fixture.provider) fixture has \(fixture.recordCount) records, expected 100")
        Benchmark("\(fixture.provider) mapper") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try fixture.map()) }
        }
        Benchmark("\(fixture.provider) JSONSerialization decode+encode") { benchmark in
            for _ in benchmark.scaledIterations { blackHole(try fixture.decodeEncode()) }
        }
    }
    stageBenchmarks(fixtures)
}
