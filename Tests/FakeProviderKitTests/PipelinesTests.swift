import FakeProviderKit
import Foundation
import Testing

@Suite struct PipelinesTests {
    @Test func nestedPipelinesListTheirStages() throws {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"pipelines": {"file": "p.json", "list": "results", "id": "id", "label": "label", "order": "displayOrder", "stages": "stages"}}"#,
            "p.json": #"{"results": [{"id": "sales", "stages": [{"id": "b", "label": "B", "displayOrder": 1, "metadata": {"p": "0.5"}}, {"id": "a", "label": "A", "displayOrder": 0}]}, {"id": "renewals", "stages": []}]}"#,
        ])
        let pipelines = try Pipelines<String>(fixtures: fixtures)
        #expect(pipelines.all.map(\.id) == ["sales", "renewals"] && pipelines.first.id == "sales")
        #expect(pipelines.first.stages.map(\.id) == ["b", "a"] && pipelines.first.firstStage?.id == "a")
        #expect(pipelines.stage("b")?.pipeline == "sales" && pipelines.stage("b")?.member("metadata", "p") == .string("0.5"))
        #expect(pipelines.pipeline("renewals")?.firstStage == nil && pipelines.stage("c") == nil)
        #expect(pipelines.answer.items.count == 2)
    }

    @Test func flatStagesNameTheirPipeline() throws {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"pipelines": {"file": "s.json", "list": "data", "id": "id", "label": "name", "order": "order_nr", "pipeline": "pipeline_id"}}"#,
            "s.json": #"{"data": [{"id": 1, "name": "Lead", "order_nr": 2, "pipeline_id": 2}, {"id": 2, "name": "Won", "order_nr": 1, "pipeline_id": 1}, {"id": 3, "name": "New", "order_nr": 1, "pipeline_id": 2}]}"#,
        ])
        let pipelines = try Pipelines<Int>(fixtures: fixtures)
        #expect(pipelines.all.map(\.id) == [2, 1] && pipelines.stages.map(\.id) == [1, 3, 2])
        #expect(pipelines.pipeline(2)?.firstStage?.id == 3 && pipelines.stage(2)?.pipeline == 1)
    }

    @Test func aStageWithoutItsMembersNamesTheFile() throws {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"pipelines": {"file": "s.json", "list": "data", "id": "id", "label": "name", "order": "order_nr", "pipeline": "pipeline_id"}}"#,
            "s.json": #"{"data": [{"id": "x", "name": "Lead", "order_nr": 1, "pipeline_id": 1}]}"#,
        ])
        #expect { try Pipelines<Int>(fixtures: fixtures) } throws: { "\($0)".contains("s.json") }
    }
}
