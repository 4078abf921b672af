import FakeProviderKit
import Testing

@Suite struct FieldEntriesTests {
    let entries = FieldEntries(id: "id", key: "key", value: "value")

    func read(_ list: [Any]) throws -> [String] {
        let fields = try ClearingValueChecksTests.fields()
        return try entries.read(list, find: { id, key in id.flatMap(fields.field(id:)) ?? key.flatMap(fields.field(key:)) }) { entry in
            "\(entry.index):\(entry.field.key)=\(entry.value)"
        }
    }

    @Test func entriesNameTheirFieldByIdOrKeyAndSkipThoseWithoutAValue() throws {
        #expect(try read([["id": "1", "value": 5], ["key": "tier"], ["key": "note", "value": "x"]]) == ["0:size=5", "2:note=x"])
    }

    @Test func theFirstBadEntryStopsTheReading() throws {
        #expect(throws: FieldEntries.Problem.notAnObject(index: 1)) { try read([["id": "1"], "x"]) }
        #expect(throws: FieldEntries.Problem.noReference(index: 0)) { try read([["id": 1, "value": 2]]) }
        #expect(throws: FieldEntries.Problem.unknownField("9")) { try read([["id": "9", "key": "nope"]]) }
        #expect(throws: FieldEntries.Problem.unknownField("nope")) { try read([["key": "nope", "value": 1]]) }
    }
}

@Suite struct FieldValueListTests {
    @Test func valuesAreListedInDefinitionOrderUnderTheirKindsMember() throws {
        let fields = try ClearingValueChecksTests.fields()
        let list = FieldValueList(members: ["number": "n", "any": "v"])
        let rendered = list.render(["4": .string("x"), "1": .number(2), "nope": .string("y")], fields: fields)
        #expect(rendered.map { $0["id"] as? String } == ["1", "4"])
        #expect(rendered[0]["n"] as? Int == 2 && rendered[1]["v"] as? String == "x")
        #expect(FieldValueList(members: ["number": "n"]).render(["4": .string("x")], fields: fields).isEmpty)
    }
}
