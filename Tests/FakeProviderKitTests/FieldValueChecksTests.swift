import FakeProviderKit
import Foundation
import Testing

@Suite struct FieldValueChecksTests {
    static let files = [
        "catalog.json": #"{"fields": {"deal": {"file": "d.json", "list": "data", "key": "key", "name": "name", "type": "field_type", "options": "options", "option": {"value": "id", "label": "label"}, "custom": {"edit_flag": true}}}}"#,
        "d.json": #"{"data": [{"key": "title", "name": "Title", "field_type": "varchar", "edit_flag": false}, {"key": "tier", "name": "Tier", "field_type": "enum", "edit_flag": true, "options": [{"id": 3, "label": "Gold"}]}, {"key": "fee", "name": "Fee", "field_type": "monetary", "edit_flag": true}, {"key": "odd", "name": "Odd", "field_type": "address", "edit_flag": true}]}"#,
        "checks.json": #"{"message": "bad {key}: {reason}", "unsupported": "no {type}", "defaultCurrency": "EUR", "types": {"enum": [{"check": "integer", "reason": "not an id"}, {"check": "option", "reason": "option {value} unknown"}], "monetary": [{"check": "money", "reason": "not money"}, {"check": "currency", "reason": "bad currency"}]}}"#,
    ]

    @Test func checksRunInOrderAndTheFirstFailureAnswers() throws {
        let fixtures = try FixtureListTests.fixtures(Self.files)
        let fields = try FieldDefinitions(fixtures: fixtures, name: "deal")
        let checks = try fixtures.decode(FieldValueChecks.self, "checks.json")
        let tier = try #require(fields.custom(key: "tier")), fee = try #require(fields.custom(key: "fee"))
        #expect(try checks.value(.int(3), for: tier) == .int(3) && checks.value(.null, for: tier) == .null)
        #expect(throws: FakeError.badRequest("bad tier: not an id")) { try checks.value(.string("3"), for: tier) }
        #expect(throws: FakeError.badRequest("bad tier: option 9 unknown")) { try checks.value(.int(9), for: tier) }
        #expect(try checks.value(.object(["value": .int(5)]), for: fee) == .object(["value": .int(5), "currency": .string("EUR")]))
        #expect(throws: FakeError.badRequest("bad fee: bad currency")) { try checks.value(.object(["value": .int(5), "currency": .string("EURO")]), for: fee) }
        #expect(throws: FakeError.badRequest("bad odd: no address")) { try checks.value(.string("x"), for: try #require(fields.custom(key: "odd"))) }
    }

    @Test func anUnknownCheckNameIsAFixtureError() throws {
        let fixtures = try FixtureListTests.fixtures(["checks.json": #"{"message": "", "unsupported": "", "types": {"x": [{"check": "nope", "reason": ""}]}}"#])
        #expect(throws: FixtureError.self) { try fixtures.decode(FieldValueChecks.self, "checks.json") }
    }

    @Test func customValuesAreCheckedAndRenderedAsTheDefinitionsList() throws {
        let fixtures = try FixtureListTests.fixtures(Self.files)
        let fields = try FieldDefinitions(fixtures: fixtures, name: "deal")
        let checks = try fixtures.decode(FieldValueChecks.self, "checks.json")
        let rendered = fields.customValues(["tier": .int(3)])
        #expect(Set(rendered.keys) == ["tier", "fee", "odd"] && rendered["tier"] as? Int == 3 && rendered["fee"] is NSNull)
        #expect(Array(fields.customValues(["tier": .int(3)], only: ["tier", "title"]).keys) == ["tier"])
        #expect(try fields.checkedCustomValues(["tier": .int(3), "fee": .null], checks: checks, unknown: "?") == ["tier": .int(3), "fee": .null])
        #expect(throws: FakeError.badRequest("unknown title")) {
            try fields.checkedCustomValues(["title": .string("x")], checks: checks, unknown: "unknown {key}")
        }
    }
}
