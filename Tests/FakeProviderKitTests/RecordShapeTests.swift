import FakeProviderKit
import Foundation
import Testing

@Suite struct RecordShapeTests {
    static let records = #"""
    {"_comment": "ignored",
     "deal": {
       "messages": {"unknown": "bad fields: {fields}", "required": ["{field} should not be empty", "{field} must be a string"],
                    "type.integer": "{field}: must be a positive integer", "null.integer": "{field}: must be an integer",
                    "type.string": "{field}: must be a string", "enum": "{field}: one of {enum}"},
       "fields": [
         {"name": "title", "type": "string", "required": true, "nonEmpty": "trimmed", "messages": {"nonEmpty": "title: empty"}},
         {"name": "owner", "type": "integer", "minimum": 1, "default": 7},
         {"name": "person", "type": "integer", "nullable": true},
         {"name": "status", "type": "string", "enum": ["open", "won"], "default": "open"},
         {"name": "source", "type": "string", "write": "create", "null": "absent"},
         {"name": "labels", "type": "array", "items": "integer", "reference": "label", "default": [],
          "messages": {"reference": "label {value} does not exist"}},
         {"name": "added", "type": "integer", "write": "never", "format": "stamp"},
         {"name": "added_day", "derivedFrom": "added", "format": "stamp", "omitNull": true}
       ]}}
    """#

    static func shape() throws -> RecordShape {
        try FixtureListTests.fixtures(["records.json": records]).shape("deal")
    }

    static let formats = ShapeFormats(
        formats: ["stamp": .init(read: { $0.int.map(RecordValue.int) }, render: { .string("t\($0.int ?? 0)") })],
        references: ["label": { [1, 2].contains($0.int ?? 0) }])

    @Test func valuesConvertToAndFromFoundationJSON() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(#"{"a": [1, 2.5, true, null, "x"], "b": {"c": false}}"#.utf8))
        let value = try #require(RecordValue(foundation: parsed))
        #expect(value.object?["a"] == .array([.int(1), .number(2.5), .bool(true), .null, .string("x")]))
        #expect(value.object?["b"]?.object?["c"]?.bool == false)
        let back = try #require(FakeJSON.sortedData(value.foundation))
        #expect(String(decoding: back, as: UTF8.self) == #"{"a":[1,2.5,true,null,"x"],"b":{"c":false}}"#)
        #expect(RecordValue.number(3).int == 3 && RecordValue.number(3.5).int == nil && RecordValue.bool(true).int == nil)
    }

    @Test func aCreateGetsDefaultsAndChecksEveryRuleWithTheFixturesMessages() throws {
        let shape = try Self.shape()
        let ok = ShapeCheck(["title": "Deal", "labels": [2, 1, 2], "person": NSNull(), "source": "API"], shape: shape, formats: Self.formats, creating: true)
        #expect(ok.violations.isEmpty)
        #expect(ok.values == ["title": .string("Deal"), "labels": .array([.int(2), .int(1)]), "person": .null, "source": .string("API")])
        var record = ShapedRecord(shape: shape, ["added": .int(5)])
        record.apply(ok.values)
        #expect(record.int("owner") == 7 && record.string("status") == "open" && record["person"].isNull)

        let bad = ShapeCheck(["owner": 0, "person": "x", "status": "lost", "labels": [3], "id": 1, "added": 2],
                             shape: shape, formats: Self.formats, creating: true)
        #expect(bad.allMessages == [
            "bad fields: added, id", "title should not be empty", "title must be a string", "owner: must be a positive integer",
            "person: must be a positive integer", "status: one of open, won", "label 3 does not exist",
        ])
        #expect(bad.firstMessage == "bad fields: added, id")
        #expect(ShapeCheck(["title": "  ", "owner": NSNull()], shape: shape, creating: false).allMessages == ["title: empty", "owner: must be an integer"])
    }

    @Test func anUpdateNeedsNothingAndIgnoresCreateOnlyFields() throws {
        let shape = try Self.shape()
        let check = ShapeCheck(["source": "API", "status": "won"], shape: shape, creating: false)
        #expect(check.violations.isEmpty && check.values == ["status": .string("won")])
        #expect(ShapeCheck(["source": NSNull()], shape: shape, creating: true).allMessages.starts(with: ["title should not be empty"]))
    }

    @Test func renderingFormatsDerivesAndOmits() throws {
        let shape = try Self.shape()
        let fresh = shape.render(ShapedRecord(shape: shape), formats: Self.formats, extra: ["x": 1])
        #expect(fresh["added_day"] == nil && fresh["added"] is NSNull && fresh["x"] as? Int == 1 && fresh["owner"] as? Int == 7)
        let rendered = shape.render(ShapedRecord(shape: shape, ["added": .int(9)]), formats: Self.formats)
        #expect(rendered["added"] as? String == "t9" && rendered["added_day"] as? String == "t9")
        #expect(throws: FixtureError.self) { try FixtureListTests.fixtures(["records.json": Self.records]).shape("contact") }
    }
}

@Suite struct FakeJSONQuoteTests {
    @Test func writesAnObjectWithItsMembersInTheGivenOrder() {
        let text = FakeJSON.orderedObject([("z", false), ("a", "x/\"y\""), ("n", 47), ("half", 1.5)])
        #expect(text == #"{"z":false,"a":"x/\"y\"","n":47,"half":1.5}"#)
    }

    @Test func quotesAStringAsAJSONLiteralWithoutEscapingSlashes() {
        #expect(FakeJSON.quote(#"a "b" c/d"#) == #""a \"b\" c/d""#)
        #expect(FakeJSON.quote("") == #""""#)
    }
}
