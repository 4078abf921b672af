import FakeProviderKit
import Testing

@Suite struct PipelinePlacementTests {
    static func pipelines() throws -> Pipelines<String> {
        let fixtures = try FixtureListTests.fixtures([
            "catalog.json": #"{"pipelines": {"file": "p.json", "list": "results", "id": "id", "label": "label", "order": "order", "stages": "stages"}}"#,
            "p.json": #"{"results": [{"id": "sales", "stages": [{"id": "s1", "label": "1", "order": 1}, {"id": "s2", "label": "2", "order": 0}]}, {"id": "renew", "stages": [{"id": "r1", "label": "R", "order": 0}]}]}"#,
        ])
        return try Pipelines<String>(fixtures: fixtures)
    }

    @Test func aNewPipelineStartsAtItsFirstStoredStageUnlessAStageIsNamed() throws {
        let pipelines = try Self.pipelines()
        let created = try pipelines.placementInPipeline(pipeline: "sales", stage: nil)
        #expect(created.pipeline.id == "sales" && created.stage == "s1")
        #expect(try pipelines.placementInPipeline(pipeline: "renew", stage: nil, current: ("sales", "s2")).stage == "r1")
        #expect(try pipelines.placementInPipeline(pipeline: "sales", stage: "s2", current: ("sales", "s1")).stage == "s2")
        #expect(try pipelines.placementInPipeline(pipeline: nil, stage: nil, current: ("sales", "s2")).stage == "s2")
        #expect(try pipelines.placementInPipeline(pipeline: "sales", stage: nil, current: ("sales", "s2")).stage == "s2")
    }

    @Test func unknownPipelinesAndForeignStagesAreRefused() throws {
        let pipelines = try Self.pipelines()
        #expect(throws: PlacementProblem.unknownPipeline("none")) { try pipelines.placementInPipeline(pipeline: "none", stage: nil) }
        #expect(throws: PlacementProblem.stageNotInPipeline(stage: "r1", pipeline: "sales")) {
            try pipelines.placementInPipeline(pipeline: nil, stage: "r1", current: ("sales", "s1"))
        }
    }
}
