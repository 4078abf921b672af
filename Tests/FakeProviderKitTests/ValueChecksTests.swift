import FakeProviderKit
import Foundation
import Testing

@Suite struct ValueChecksTests {
    static func fields() throws -> FieldDefinitions {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"fields": {"f": {"file": "f.json", "list": "fields", "id": "id", "key": "key", "name": "name", "type": "type", "options": "options"}}}"#,
            "f.json": #"{"fields": [{"id": "1", "key": "size", "name": "Size", "type": "NUM"}, {"id": "2", "key": "tier", "name": "Tier", "type": "ONE", "options": ["Gold", "Silver"]}, {"id": "3", "key": "tags", "name": "Tags", "type": "MANY", "options": ["a", "b"]}, {"id": "4", "key": "note", "name": "Note", "type": "TEXT"}]}"#,
        ])
        return try FieldDefinitions(fixtures: fixtures, name: "f")
    }

    static let checks = try! JSONDecoder().decode(ValueChecks.self, from: Data(#"""
        {"message": "{label}: {reason}",
         "types": {"NUM": [{"check": "numberOrNumericText", "reason": "{name} must be a number"}],
                   "ONE": [{"check": "string", "reason": "must be text"}, {"check": "emptyClears"}, {"check": "label", "reason": "{value} is not one of {options}"}],
                   "MANY": [{"check": "stringList", "reason": "must be a list"}, {"check": "emptyClears"}, {"check": "labels", "reason": "not in {options}"}]},
         "otherTypes": [{"check": "textOrNumber", "reason": "must be a {type} string"}, {"check": "emptyClears"}]}
        """#.utf8))

    func check(_ raw: RecordValue, _ key: String) throws -> RecordValue {
        try Self.checks.value(raw, for: try #require(try Self.fields().field(key: key)), values: ["label": key])
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
        #expect(throws: ValueChecks.Failure(message: "size: Size must be a number")) { try check(.string("ten"), "size") }
        #expect(throws: ValueChecks.Failure(message: "tier: Bronze is not one of Gold, Silver")) { try check(.string("Bronze"), "tier") }
        #expect(throws: ValueChecks.Failure(message: "tier: must be text")) { try check(.number(1), "tier") }
        #expect(throws: ValueChecks.Failure(message: "tags: not in a, b")) { try check(.array([.string("a"), .string("c")]), "tags") }
        #expect(throws: ValueChecks.Failure(message: "note: must be a TEXT string")) { try check(.bool(true), "note") }
        let strict = ValueChecks(types: [:])
        #expect(throws: ValueChecks.Failure(message: "field type NUM is not supported")) {
            try strict.value(.number(1), for: try #require(try Self.fields().field(key: "size")))
        }
    }

    @Test func templatesFillInOnePass() {
        #expect(TextTemplate.fill("{a} and {b} and {missing}", ["a": "{b}", "b": "B"]) == "{b} and B and {missing}")
    }
}
