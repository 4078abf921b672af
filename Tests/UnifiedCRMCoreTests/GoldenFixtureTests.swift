import Foundation
import Testing
import UnifiedCRMCore

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let mappingsRoot = repositoryRoot.appendingPathComponent("mappings")

/// `mappings/<provider>/fixtures/<name>`.
func fixture(_ provider: String, _ name: String) throws -> JSONValue {
    try JSONValue.parse(Data(contentsOf: mappingsRoot.appendingPathComponent(provider).appendingPathComponent("fixtures").appendingPathComponent(name)))
}

/// The golden fixture files found on disk: every provider with a `fixtures` folder, every native
/// record file in it. A new provider's folder is picked up with no Swift edit.
enum GoldenFixtures {
    /// Providers with `mappings/<provider>/fixtures/native-deal.json`.
    static let providers: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: mappingsRoot.path)) ?? []
        return names.filter { files(of: $0).contains("native-deal.json") }.sorted()
    }()

    /// `(provider, file)` for each `native-deal*.json`: every variant of a native record the provider
    /// may answer (HighLevel's typed custom-field keys, ...) reads as the one `unified-deal.json`.
    static let nativeRecords: [NativeRecord] = providers.flatMap { provider in
        files(of: provider).filter { $0.hasPrefix("native-deal") && $0.hasSuffix(".json") }.sorted().map { NativeRecord(provider: provider, file: $0) }
    }

    static func files(of provider: String) -> [String] {
        let folder = mappingsRoot.appendingPathComponent(provider).appendingPathComponent("fixtures")
        return (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    }
}

struct NativeRecord: CustomTestStringConvertible, Sendable {
    let provider: String
    let file: String
    var testDescription: String { "\(provider)/\(file)" }
}

/// The repository's mapping for a provider, its opportunities resource and its custom-field catalog
/// built from the field-definition response the provider's emulator serves (`definitions.json`).
func repositoryMapping(_ provider: String) throws -> (RecordMapper, ResourceMapping, CustomFieldCatalog) {
    let mappings = try MappingDirectory.load(mappingsRoot.path)
    let resource = try #require(mappings[provider]?.resources["opportunities"])
    let custom = try #require(resource.customFields)
    let definitions = try fixture(provider, "definitions.json").value(at: custom.definitions.root)?.arrayValue ?? []
    return (RecordMapper(provider: provider, resource: resource), resource, CustomFieldCatalog(records: definitions, mapping: custom))
}

/// Native ↔ unified pairs per provider, captured from the emulators (written from each provider's
/// documentation; see mappings/providers/*.md) and checked by hand.
@Suite struct GoldenFixtureTests {
    @Test func everyMappedProviderHasGoldenFixtures() throws {
        let mapped = try MappingDirectory.load(mappingsRoot.path).mappings.keys.sorted()
        #expect(!GoldenFixtures.providers.isEmpty)
        for provider in mapped { #expect(GoldenFixtures.providers.contains(provider), "\(provider) has no mappings/\(provider)/fixtures/native-deal.json") }
    }

    @Test(arguments: GoldenFixtures.nativeRecords)
    func nativeRecordReadsAsTheGoldenUnifiedRecord(record: NativeRecord) throws {
        let (mapper, _, catalog) = try repositoryMapping(record.provider)
        let unified = mapper.read(try fixture(record.provider, record.file), customFields: catalog)
        #expect(JSONValue.object(unified) == (try fixture(record.provider, "unified-deal.json")))
    }

    @Test(arguments: GoldenFixtures.providers)
    func unifiedWriteBodyBecomesTheGoldenNativeBody(provider: String) throws {
        let (mapper, resource, catalog) = try repositoryMapping(provider)
        let native = try mapper.write(try fixture(provider, "write-unified.json"), customFields: catalog, operation: try #require(resource.operations[.create]), isCreate: false)
        #expect(native == (try fixture(provider, "write-native.json")))
    }

    @Test(arguments: GoldenFixtures.providers)
    func writtenRecordsReadBackToTheSameUnifiedValues(provider: String) throws {
        // One declaration serves both directions: write then read gives the fields back.
        let (mapper, resource, catalog) = try repositoryMapping(provider)
        var body = try fixture(provider, "write-unified.json")
        body.remove(at: ["remote_data"])
        let native = try mapper.write(body, customFields: catalog, operation: try #require(resource.operations[.create]), isCreate: false)
        let unified = mapper.read(native, customFields: catalog)
        #expect(unified["name"] == body["name"])
        #expect(unified["amount"] == body["amount"])
        // HighLevel writes custom values as `field_value` but reads `fieldValue`: no round trip there.
        let symmetric = resource.customFields.map { $0.readValueKeys.contains($0.writeValueKey) } ?? true
        for (name, value) in symmetric ? body["custom_fields"]?.objectValue ?? [:] : [:] {
            let read = unified["custom_fields"]?[name]
            if case .string(let text) = value, text.hasSuffix("Z") {
                #expect(read?.stringValue?.prefix(10) == text.prefix(10), "\(name)")
            } else {
                #expect(read == value, "\(name)")
            }
        }
    }
}
