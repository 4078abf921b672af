import Foundation
import Testing
import UnifiedCRMCore

/// One golden case: `mappings/<provider>/fixtures/golden/<resource>/` with `native.json` →
/// `unified.json` (read) and, for writable resources, `write-unified.json` → `write-native.json`.
/// Found on disk: a new provider or resource needs no Swift edit.
struct GoldenResourceCase: CustomTestStringConvertible, Sendable {
    let provider: String
    let resource: String
    var testDescription: String { "\(provider)/\(resource)" }
    var folder: URL { mappingsRoot.appendingPathComponent(provider).appendingPathComponent("fixtures/golden").appendingPathComponent(resource) }

    func json(_ name: String) throws -> JSONValue? {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try JSONValue.parse(Data(contentsOf: url))
    }

    static let all: [GoldenResourceCase] = {
        let providers = ((try? FileManager.default.contentsOfDirectory(atPath: mappingsRoot.path)) ?? []).sorted()
        return providers.flatMap { provider -> [GoldenResourceCase] in
            let golden = mappingsRoot.appendingPathComponent(provider).appendingPathComponent("fixtures/golden")
            let resources = ((try? FileManager.default.contentsOfDirectory(atPath: golden.path)) ?? []).sorted()
            return resources.map { GoldenResourceCase(provider: provider, resource: $0) }
        }
    }()
}

@Suite struct GoldenResourceFixtureTests {
    static let mappings = Result { try MappingDirectory.load(mappingsRoot.path) }

    func resource(_ golden: GoldenResourceCase) throws -> ResourceMapping {
        try #require(try Self.mappings.get()[golden.provider]?.resources[golden.resource], "\(golden.provider) maps no \(golden.resource)")
    }

    @Test func everyMappedResourceHasGoldenFixtures() throws {
        for (provider, mapping) in try Self.mappings.get().mappings.sorted(by: { $0.key < $1.key }) {
            for name in mapping.resources.keys.sorted() where name != "opportunities" {  // opportunities: GoldenFixtureTests
                #expect(GoldenResourceCase.all.contains { $0.provider == provider && $0.resource == name }, "no mappings/\(provider)/fixtures/golden/\(name)/")
            }
        }
    }

    @Test(arguments: GoldenResourceCase.all)
    func nativeRecordReadsAsTheGoldenUnifiedRecord(golden: GoldenResourceCase) throws {
        let resource = try resource(golden)
        let native = try #require(try golden.json("native.json"), "\(golden.testDescription): native.json missing")
        let expected = try #require(try golden.json("unified.json"), "\(golden.testDescription): unified.json missing")
        let unified = RecordMapper(provider: golden.provider, resource: resource).read(native, customFields: .empty)
        #expect(JSONValue.object(unified) == expected)
    }

    @Test(arguments: GoldenResourceCase.all)
    func unifiedWriteBodyBecomesTheGoldenNativeBody(golden: GoldenResourceCase) throws {
        let resource = try resource(golden)
        let body = try golden.json("write-unified.json"), expected = try golden.json("write-native.json")
        guard let operation = resource.operations[.create] ?? resource.operations[.update] else {
            #expect(body == nil, "\(golden.testDescription): a write fixture for a resource that cannot be written")
            return
        }
        let unified = try #require(body, "\(golden.testDescription): write-unified.json missing (the resource is writable)")
        let native = try RecordMapper(provider: golden.provider, resource: resource)
            .write(unified, customFields: .empty, operation: operation, isCreate: resource.operations[.create] != nil)
        #expect(native == (try #require(expected, "\(golden.testDescription): write-native.json missing")))
    }
}
