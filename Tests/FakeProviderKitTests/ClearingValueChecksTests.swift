import FakeProviderKit
import Foundation
import Testing

/// The clearing and lenient checks (HighLevel's custom fields) of `FieldValueChecks`.
@Suite struct ClearingValueChecksTests {
    static func fields() throws -> FieldDefinitions {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"fields": {"f": {"file": "f.json", "list": "fields", "id": "id", "key": "key", "name": "name", "type": "type", "options": "options"}}}"#,
            "f.json": #"{"fields": [{"id": "1", "key": "size", "name": "Size", "type": "NUM"}, {"id": "2", "key": "tier", "name": "Tier", "type": "ONE", "options": ["Gold", "Silver"]}, {"id": "3", "key": "tags", "name": "Tags", "type": "MANY", "options": ["a", "b"]}, {"id": "4", "key": "note", "name": "Note", "type": "TEXT"}]}"#,
        ])
        return try FieldDefinitions(fixtures: fixtures, name: "f")
    }

    static let table = #"""
        {"message": "{label}: {reason}",
         "types": {"NUM": [{"check": "numberOrNumericText", "reason": "{name} must be a number"}],
                   "ONE": [{"check": "string", "reason": "must be text"}, {"check": "emptyClears"}, {"check": "label", "reason": "{value} is not one of {options}"}],
                   "MANY": [{"check": "stringList", "reason": "must be a list"}, {"check": "emptyClears"}, {"check": "labels", "reason": "not in {options}"}]},
         "otherTypes": [{"check": "textOrNumber", "reason": "must be a {type} string"}, {"check": "emptyClears"}]}
        """#

    static func checks(_ table: String = table) throws -> FieldValueChecks {
        try FieldValueChecks(fixtures: try FixtureListTests.fixtures(["c.json": table]), file: "c.json")
    }

    func check(_ raw: RecordValue, _ key: String) throws -> RecordValue {
        try Self.checks().value(raw, for: try #require(try Self.fields().field(key: key)), values: ["label": key]).get()
    }

    @Test func stepsConvertPassAndClearInOrder() throws {
        #expect(try check(.string(" 12.5 "), "size") == .number(12.5))
        #expect(try check(.number(3), "size") == .number(3) && check(.string("  "), "size") == .null)
        #expect(try check(.string("Gold"), "tier") == .string("Gold") && check(.string(""), "tier") == .null)
        #expect(try check(.string("a"), "tags") == .array([.string("a")]) && check(.array([]), "tags") == .null)
        #expect(try check(.number(5), "note") == .string("5") && check(.number(2.5), "note") == .string("2.5"))
        #expect(try check(.null, "tier") == .null)
    }

    @Test func theFirstFailingStepAnswersItsReasonInTheMessage() throws {
        #expect(throws: FieldValueChecks.Failure(code: nil, key: "size", message: "size: Size must be a number", value: "ten")) { try check(.string("ten"), "size") }
        #expect(throws: FieldValueChecks.Failure(code: nil, key: "tier", message: "tier: Bronze is not one of Gold, Silver", value: "Bronze")) { try check(.string("Bronze"), "tier") }
        #expect(throws: FieldValueChecks.Failure(code: nil, key: "tier", message: "tier: must be text", value: "1")) { try check(.number(1), "tier") }
        #expect(throws: FieldValueChecks.Failure(code: nil, key: "tags", message: "tags: not in a, b", value: "[\"a\",\"c\"]")) { try check(.array([.string("a"), .string("c")]), "tags") }
        #expect(throws: FieldValueChecks.Failure(code: nil, key: "note", message: "note: must be a TEXT string", value: "true")) { try check(.bool(true), "note") }
        let strict = try Self.checks(#"{"unsupported": {"reason": "field type {type} is not supported"}, "types": {}}"#)
        #expect(strict.value(.number(1), for: try #require(try Self.fields().field(key: "size"))).failureMessage == "field type NUM is not supported")
    }

    @Test func templatesFillInOnePass() {
        #expect(TextTemplate.fill("{a} and {b} and {missing}", ["a": "{b}", "b": "B"]) == "{b} and B and {missing}")
    }
}
