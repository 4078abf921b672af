import FakeProviderKit
import Foundation
import Testing

@Suite struct WriteRulesTests {
    static let shape = #"{"deal": {"fields": [{"name": "status", "type": "string", "default": "open"}, {"name": "won_time", "type": "integer"}, {"name": "close_time", "type": "integer"}, {"name": "reason", "type": "string"}, {"name": "archived", "type": "boolean", "default": false}, {"name": "archived_at", "type": "integer"}]}}"#
    static let status = #"{"field": "status", "initial": "open", "changes": {"won": {"won_time": "{now}", "close_time": "{now}", "reason": null}, "*": {"won_time": null, "close_time": null}}, "dependents": [{"field": "reason", "statuses": ["lost"], "message": "reason only when lost"}, {"field": "won_time", "statuses": ["won"], "copyTo": "close_time", "message": "won_time only when won"}]}"#

    @Test func aStatusChangeStampsAndDependentsNeedTheirStatus() throws {
        let fixtures = try FixtureListTests.fixtures(["records.json": Self.shape, "status.json": Self.status])
        let rules = try fixtures.decode(StatusRules.self, "status.json")
        #expect(rules.fields == ["status", "reason", "won_time"])
        var deal = ShapedRecord(shape: try fixtures.shape("deal"))
        try rules.apply(["status": .string("won")], to: &deal, now: 50)
        #expect(deal.string("status") == "won" && deal.int("won_time") == 50 && deal.int("close_time") == 50)
        try rules.apply(["won_time": .int(40)], to: &deal, now: 60)
        #expect(deal.int("won_time") == 40 && deal.int("close_time") == 40)
        try rules.apply(["won_time": .int(30), "close_time": .int(35)], to: &deal, now: 60)
        #expect(deal.int("won_time") == 30 && deal.int("close_time") == 40)  // close_time is not a rule here: left to the caller
        #expect(throws: FakeError.badRequest("reason only when lost")) { try rules.apply(["reason": .string("x")], to: &deal, now: 70) }
        try rules.apply(["status": .string("open"), "reason": .null], to: &deal, now: 80)
        #expect(deal.string("status") == "open" && deal["won_time"].isNull && deal["close_time"].isNull)
    }

    @Test func writeRulesSplitAWriteAndApplyStatusThenFlags() throws {
        let fixtures = try FixtureListTests.fixtures(["records.json": Self.shape, "rules.json": #"{"status": \#(Self.status), "flags": [{"flag": "archived", "time": "archived_at"}]}"#, "none.json": "{}"])
        let rules = try fixtures.decode(WriteRules.self, "rules.json")
        #expect(rules.fields == ["status", "reason", "won_time", "archived", "archived_at"])
        let (ruled, plain) = rules.split(["status": .string("won"), "archived": .bool(true), "title": .string("x")])
        #expect(Set(ruled.keys) == ["status", "archived"] && plain == ["title": .string("x")])
        var deal = ShapedRecord(shape: try fixtures.shape("deal"))
        try rules.apply(ruled, to: &deal, now: 5)
        #expect(deal.string("status") == "won" && deal.int("won_time") == 5 && deal.int("archived_at") == 5)
        let none = try fixtures.decode(WriteRules.self, "none.json")
        #expect(none.fields.isEmpty && none.split(["a": .int(1)]).plain == ["a": .int(1)])
    }

    @Test func aFlagKeepsTheTimeItWasSet() throws {
        let fixtures = try FixtureListTests.fixtures(["records.json": Self.shape])
        let rule = FlagTime(flag: "archived", time: "archived_at")
        var deal = ShapedRecord(shape: try fixtures.shape("deal"))
        rule.apply(["archived": .bool(true)], to: &deal, now: 10)
        #expect(deal.bool("archived") == true && deal.int("archived_at") == 10)
        rule.apply(["archived": .bool(true)], to: &deal, now: 20)
        #expect(deal.int("archived_at") == 10)
        rule.apply(["archived": .bool(true), "archived_at": .int(15)], to: &deal, now: 30)
        #expect(deal.int("archived_at") == 15)
        rule.apply(["archived": .bool(false), "archived_at": .int(99)], to: &deal, now: 40)
        #expect(deal.bool("archived") == false && deal["archived_at"].isNull)
        rule.apply(["archived_at": .int(7)], to: &deal, now: 50)
        #expect(deal.int("archived_at") == 7 && rule.fields == ["archived", "archived_at"])
    }

    @Test func aStageBringsItsPipelineAndAPipelineItsFirstStage() throws {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"pipelines": {"file": "s.json", "list": "data", "id": "id", "label": "name", "order": "order_nr", "pipeline": "pipeline_id"}}"#,
            "s.json": #"{"data": [{"id": 1, "name": "A", "order_nr": 1, "pipeline_id": 1}, {"id": 2, "name": "B", "order_nr": 2, "pipeline_id": 1}, {"id": 5, "name": "C", "order_nr": 2, "pipeline_id": 2}, {"id": 4, "name": "D", "order_nr": 1, "pipeline_id": 2}]}"#,
        ])
        let pipelines = try Pipelines<Int>(fixtures: fixtures)
        let place = { (stage: Int?, pipeline: Int?, current: (Int, Int)?) in
            pipelines.placementByStage(stage: stage, pipeline: pipeline, current: current).map { [$0.pipeline, $0.stage] }
        }
        #expect(place(5, nil, (1, 2)) == [2, 5] && place(5, 1, nil) == [2, 5])
        #expect(place(nil, 2, (1, 2)) == [2, 4] && place(nil, 2, (2, 5)) == [2, 5])
        #expect(place(nil, nil, (1, 2)) == [1, 2] && place(nil, nil, nil) == [1, 1] && place(nil, 9, (1, 2)) == [1, 2])
        #expect(pipelines.references["stage"]?(.int(4)) == true && pipelines.references["stage"]?(.int(3)) == false)
        #expect(pipelines.references["pipeline"]?(.int(2)) == true && pipelines.references["pipeline"]?(.string("2")) == false)
    }

    @Test func currencyCodesAreThreeLettersUpperCased() {
        let format = ShapeFormats.Format.currencyCode
        #expect(format.read(.string("eur")) == .string("EUR") && format.read(.string("EURO")) == nil)
        #expect(format.read(.string("€uR")) == nil && format.read(.int(1)) == nil && format.render(.string("EUR")) == .string("EUR"))
    }

    @Test func textNumbersAreWrittenAsTheirText() {
        let format = ShapeFormats.Format.text
        #expect(format.render(.int(4150868000001234)) == .string("4150868000001234") && format.render(.number(1.5)) == .string("1.5"))
        #expect(format.read(.string("12")) == .int(12) && format.read(.string("x")) == nil && format.read(.int(12)) == nil)
    }
}
