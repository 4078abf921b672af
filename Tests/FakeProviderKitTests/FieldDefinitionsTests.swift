import FakeProviderKit
import Foundation
import Testing

@Suite struct FieldDefinitionsTests {
    static let layout = #"{"fields": {"deal": {"file": "d.json", "list": "results", "key": "name", "name": "label", "type": "type", "options": "options", "option": {"value": "value", "label": "label", "order": "displayOrder"}, "builtIn": {"own": true}}, "tags": {"file": "t.json", "list": "fields", "id": "id", "key": "fieldKey", "name": "name", "type": "dataType", "options": "picklist"}}}"#

    @Test func definitionsAreReadAsTheLayoutSays() throws {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": Self.layout,
            "d.json": #"{"results": [{"name": "stage", "label": "Stage", "type": "enumeration", "own": true, "options": [{"value": "a", "label": "A", "displayOrder": 2}], "meta": {"readOnly": false}}, {"name": "tier", "label": "Tier", "type": "string", "options": []}]}"#,
            "t.json": #"{"fields": [{"id": "X1", "fieldKey": "opportunity.lines", "name": "Lines", "dataType": "MULTIPLE_OPTIONS", "picklist": ["CRM", "Support"]}]}"#,
        ])
        let deal = try FieldDefinitions(fixtures: fixtures, name: "deal")
        #expect(deal.all.map(\.key) == ["stage", "tier"] && deal.custom.map(\.key) == ["tier"])
        #expect(deal.field(key: "stage")?.options == [.init(value: .string("a"), label: "A", order: 2)])
        #expect(deal.field(key: "stage")?.member("meta", "readOnly") == .bool(false) && deal.field(key: "stage")?.id == "stage")
        #expect(deal.custom(key: "stage") == nil && deal.custom(named: "TIER")?.key == "tier" && deal.answer.items.count == 2)
        let tags = try FieldDefinitions(fixtures: fixtures, name: "tags")
        #expect(tags.field(id: "X1")?.options.map(\.label) == ["CRM", "Support"] && tags.custom.count == 1)
        #expect(throws: FixtureError.self) { try FieldDefinitions(fixtures: fixtures, name: "none") }
    }

    @Test func aFieldWithoutItsMembersNamesTheFile() throws {
        let fixtures = try FixtureListTests.fixtures(["catalog.json": Self.layout, "d.json": #"{"results": [{"name": "x", "type": "string"}]}"#])
        #expect { try FieldDefinitions(fixtures: fixtures, name: "deal") } throws: { "\($0)".contains("d.json") }
    }
}
