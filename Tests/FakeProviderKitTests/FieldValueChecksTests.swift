import FakeProviderKit
import Foundation
import Testing

@Suite struct FieldValueChecksTests {
    static let definitions = #"{"results": [{"name": "size", "label": "Size", "type": "enumeration", "options": [{"value": "s", "label": "Small", "displayOrder": 1}, {"value": "l", "label": "Large", "displayOrder": 2}]}, {"name": "amount", "label": "Amount", "type": "number", "options": []}, {"name": "code", "label": "Code", "type": "varchar", "options": []}, {"name": "blob", "label": "Blob", "type": "json", "options": []}]}"#
    static let layout = #"{"fields": {"deal": {"file": "d.json", "list": "results", "key": "name", "name": "label", "type": "type", "options": "options", "option": {"value": "value", "label": "label", "order": "displayOrder"}}}}"#

    static func checks(_ table: String, extra: [String: FieldValueChecks.Check] = [:]) throws -> (FieldValueChecks, FieldDefinitions) {
        let fixtures = try FixtureListTests.fixtures(["catalog.json": layout, "d.json": definitions, "checks.json": table])
        return (try FieldValueChecks(fixtures: fixtures, file: "checks.json", extra: extra), try FieldDefinitions(fixtures: fixtures, name: "deal"))
    }

    @Test func stepsRunInOrderAndTheFirstFailureSpeaksInTheTablesWords() throws {
        let (checks, fields) = try Self.checks(#"""
        {"unknown": {"error": "NO_SUCH", "message": "Property \"{key}\" does not exist"},
         "types": {"enumeration": [{"check": "option", "error": "INVALID_OPTION", "message": "{value} is not one of [{options}]"}],
                   "number": [{"check": "decimalText", "error": "INVALID_NUMBER", "message": "{value} is not a number"}],
                   "varchar": [{"check": "string", "message": "{key} must be text"}, {"check": "maxLength:3", "message": "{key} is longer than 3"}]},
         "fields": {"amount": [{"check": "upper"}]},
         "option": "{label}={value}@{displayOrder}"}
        """#, extra: ["upper": { value, _ in value.string.map { .string($0.uppercased()) } }])
        let size = try #require(fields.field(key: "size")), code = try #require(fields.field(key: "code"))
        #expect(checks.value(.string("l"), for: size) == .success(.string("l")))
        #expect(checks.value(.string("m"), for: size) == .failure(.init(code: "INVALID_OPTION", key: "size", message: "m is not one of [Small=s@1, Large=l@2]", value: "m")))
        #expect(checks.value(.number(12), for: code) == .failure(.init(code: nil, key: "code", message: "code must be text", value: "12")))
        #expect(checks.value(.string("abcd"), for: code) == .failure(.init(code: nil, key: "code", message: "code is longer than 3", value: "abcd")))
        #expect(checks.value(.string("ab"), for: try #require(fields.field(key: "amount"))) == .success(.string("AB")), "a field's own steps win over its type's")
        #expect(checks.value(.object([:]), for: try #require(fields.field(key: "blob"))) == .success(.object([:])), "no checks and no unsupported rule: stored as written")
        #expect(checks.unknown("x").message == "Property \"x\" does not exist" && checks.unknown("x").code == "NO_SUCH")
        #expect(checks.failure(ofType: "enumeration", field: size, value: .string("z"), options: [])?.message == "z is not one of []")
    }

    @Test func aWriteOfSeveralFieldsKeepsTheGoodValuesAndReportsEveryFailureInOrder() throws {
        let (checks, fields) = try Self.checks(#"""
        {"unknown": {"message": "no {key}"}, "readOnly": {"message": "{key} is fixed"},
         "types": {"number": [{"check": "decimalText", "message": "{value} is not a number"}], "varchar": [{"check": "any"}]}}
        """#)
        let (values, failures) = checks.check([("ghost", .string("1")), ("amount", .string("x")), ("code", .string("ab")),
                                               ("size", .string("s")), ("amount", .null)],
                                              field: { fields.field(key: $0) }, readOnly: { $0.key == "size" })
        #expect(values == ["code": .string("ab"), "amount": .null], "a clear is kept as .null")
        #expect(failures.map(\.message) == ["no ghost", "x is not a number", "size is fixed"])
    }

    @Test func aWrapperMessageTakesEachReasonAndAnUnsupportedTypeFails() throws {
        let (checks, fields) = try Self.checks(#"""
        {"message": "Validation failed: custom_fields.{key}: {reason}", "unsupported": {"reason": "field type {type} is not supported"},
         "types": {"number": [{"check": "number", "reason": "must be a number"}]}}
        """#)
        #expect(checks.value(.string("x"), for: try #require(fields.field(key: "amount"))).failureMessage == "Validation failed: custom_fields.amount: must be a number")
        #expect(checks.value(.string("x"), for: try #require(fields.field(key: "blob"))).failureMessage == "Validation failed: custom_fields.blob: field type json is not supported")
    }

    @Test func aCheckTheKitDoesNotKnowIsRefusedAtLoadNamingIt() throws {
        #expect { try Self.checks(#"{"types": {"number": [{"check": "nope"}]}}"#) } throws: { "\($0)".contains("\"nope\"") && "\($0)".contains("checks.json") }
    }

    @Test(arguments: [("12", true), ("-1.5", true), ("1.", false), (".5", false), ("1e3", false), ("-", false), ("1.2.3", false)])
    func decimalTextIsDigitsWithAtMostOnePoint(text: String, valid: Bool) throws {
        let (checks, fields) = try Self.checks(#"{"types": {"number": [{"check": "decimalText"}]}}"#)
        let amount = try #require(fields.field(key: "amount"))
        let accepted = (try? checks.value(.string(text), for: amount).get()) != nil
        #expect(accepted == valid)
    }
}

extension Result where Failure == FieldValueChecks.Failure {
    var failureMessage: String? { if case .failure(let failure) = self { failure.message } else { nil } }
}

@Suite struct CustomFieldValuesTests {
    static let files = [
        "catalog.json": #"{"fields": {"deal": {"file": "d.json", "list": "data", "key": "key", "name": "name", "type": "field_type", "options": "options", "option": {"value": "id", "label": "label"}, "custom": {"edit_flag": true}}}}"#,
        "d.json": #"{"data": [{"key": "title", "name": "Title", "field_type": "varchar", "edit_flag": false}, {"key": "tier", "name": "Tier", "field_type": "enum", "edit_flag": true, "options": [{"id": 3, "label": "Gold"}]}, {"key": "fee", "name": "Fee", "field_type": "monetary", "edit_flag": true}, {"key": "odd", "name": "Odd", "field_type": "address", "edit_flag": true}]}"#,
        "checks.json": #"{"message": "bad {key}: {reason}", "unsupported": {"reason": "no {type}"}, "types": {"enum": [{"check": "integer", "reason": "not an id"}, {"check": "option", "reason": "option {value} unknown"}], "monetary": [{"check": "money", "reason": "not money"}, {"check": "currency", "reason": "bad currency"}]}}"#,
    ]

    @Test func customValuesAreCheckedAsThe400sAndRenderedAsTheDefinitionsList() throws {
        let fixtures = try FixtureListTests.fixtures(Self.files)
        let fields = try FieldDefinitions(fixtures: fixtures, name: "deal")
        let checks = try FieldValueChecks(fixtures: fixtures, file: "checks.json")
        let rendered = fields.customValues(["tier": .int(3)])
        #expect(Set(rendered.keys) == ["tier", "fee", "odd"] && rendered["tier"] as? Int == 3 && rendered["fee"] is NSNull)
        #expect(Array(fields.customValues(["tier": .int(3)], only: ["tier", "title"]).keys) == ["tier"])
        #expect(try fields.checkedCustomValues(["tier": .int(3), "fee": .null], checks: checks, unknown: "?") == ["tier": .int(3), "fee": .null])
        #expect(try fields.checkedCustomValues(["fee": .object(["value": .int(5)])], checks: checks, unknown: "?")
            == ["fee": .object(["value": .int(5), "currency": .string("USD")])])
        #expect(throws: FakeError.badRequest("bad tier: option 9 unknown")) { try fields.checkedCustomValues(["tier": .int(9)], checks: checks, unknown: "?") }
        #expect(throws: FakeError.badRequest("bad odd: no address")) { try fields.checkedCustomValues(["odd": .string("x")], checks: checks, unknown: "?") }
        #expect(throws: FakeError.badRequest("unknown title")) {
            try fields.checkedCustomValues(["title": .string("x")], checks: checks, unknown: "unknown {key}")
        }
    }
}
