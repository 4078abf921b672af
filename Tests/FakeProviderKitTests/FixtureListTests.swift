import FakeProviderKit
import Foundation
import Testing

@Suite struct FixtureListTests {
    struct Stage: Decodable, Equatable { let id: Int; let name: String }

    /// A throwaway `<mappings>/<provider>/fixtures` folder holding `files`.
    static func fixtures(_ files: [String: String]) throws -> ProviderFixtures {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fixture-list-\(UUID().uuidString)")
        let folder = root.appendingPathComponent("acme").appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        return try ProviderFixtures(mappingsDirectory: root.path, provider: "acme")
    }

    @Test func aListIsServedAsStoredAndDecoded() throws {
        let fixtures = try Self.fixtures(["stages.json": #"{"data": [{"id": 1, "name": "Lead", "extra": true}, {"id": 2, "name": "Won"}]}"#])
        let list = try fixtures.list("stages.json", member: "data")
        #expect(list.items.count == 2 && list.items[0]["extra"] as? Bool == true)
        #expect(try list.decode(Stage.self) == [Stage(id: 1, name: "Lead"), Stage(id: 2, name: "Won")])
    }

    @Test func aMissingListOrBadItemNamesTheFile() throws {
        let fixtures = try Self.fixtures(["a.json": #"{"results": 3}"#, "b.json": #"{"data": [{"id": "x"}]}"#])
        #expect(throws: FixtureError.self) { try fixtures.list("a.json", member: "results") }
        #expect(throws: FixtureError.self) { try fixtures.list("a.json", member: "data") }
        let bad = try fixtures.list("b.json", member: "data")
        #expect { try bad.decode(Stage.self) } throws: { "\($0)".contains("b.json") }
    }
}
