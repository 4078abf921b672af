/// Why a write cannot place a record in a pipeline.
public enum PlacementProblem<ID: Hashable & Sendable>: Error, Equatable {
    case unknownPipeline(ID)
    /// The stage is not one of the pipeline's.
    case stageNotInPipeline(stage: ID, pipeline: ID)

    /// The provider's named error for the problem (`unknownPipeline` with `pipeline`, or
    /// `stageNotInPipeline` with `stage` and `pipeline`), worded in its `answers.json`.
    public var error: FakeError {
        switch self {
        case .unknownPipeline(let pipeline): .named("unknownPipeline", ["pipeline": .string("\(pipeline)")])
        case .stageNotInPipeline(let stage, let pipeline): .named("stageNotInPipeline", ["stage": .string("\(stage)"), "pipeline": .string("\(pipeline)")])
        }
    }
}

/// Where a write puts a record in a pipeline, by the two rules providers follow: the stage leads
/// (Pipedrive: a stage id is global and brings its pipeline) or the pipeline leads (HighLevel: a
/// stage must belong to the pipeline the record ends up in).
extension Pipelines {
    /// Stage leads: a known stage brings its pipeline; a known pipeline alone, other than the
    /// current one, moves the record to its first stage; otherwise the record stays at `current`,
    /// and a new one (`current` nil) lands on the first pipeline's first stage (nil when that has
    /// no stages). Unknown ids are not placements (the caller's reference checks answer them).
    public func placementByStage(stage: ID?, pipeline: ID?, current: (pipeline: ID, stage: ID)?) -> (pipeline: ID, stage: ID)? {
        if let found = stage.flatMap(self.stage) { return (found.pipeline, found.id) }
        if let pipeline, pipeline != current?.pipeline, let first = self.pipeline(pipeline)?.firstStage { return (pipeline, first.id) }
        if let current { return current }
        return first.firstStage.map { (first.id, $0.id) }
    }

    /// Pipeline leads: a pipeline other than the current one must exist and moves the record to
    /// its first stored stage unless a stage is named; a named stage must belong to the resulting
    /// pipeline. Names nothing: the record stays (a current pipeline that no longer exists reads
    /// as the first pipeline).
    public func placementInPipeline(pipeline requested: ID?, stage requestedStage: ID?, current: (pipeline: ID, stage: ID)? = nil)
        throws(PlacementProblem<ID>) -> (pipeline: Pipeline, stage: ID?) {
        var pipeline = current.flatMap { self.pipeline($0.pipeline) } ?? first
        var stage = current?.stage
        if let requested, requested != current?.pipeline {
            guard let named = self.pipeline(requested) else { throw .unknownPipeline(requested) }
            pipeline = named
            stage = named.stages.first?.id
        }
        if let requestedStage {
            guard pipeline.stage(requestedStage) != nil else { throw .stageNotInPipeline(stage: requestedStage, pipeline: pipeline.id) }
            stage = requestedStage
        }
        return (pipeline, stage)
    }
}
