/// Why a write cannot place a record in a pipeline.
public enum PlacementProblem<ID: Hashable & Sendable>: Error, Equatable {
    case unknownPipeline(ID)
    /// The stage is not one of the pipeline's.
    case stageNotInPipeline(stage: ID, pipeline: ID)
}

extension Pipelines {
    /// Where a write puts a record that is at `current` (nil for a new record) when it names
    /// `pipeline` and/or `stage`: a pipeline other than the current one must exist and moves the
    /// record to its first stored stage unless a stage is named; a named stage must belong to the
    /// resulting pipeline. Names nothing: the record stays (a current pipeline that no longer
    /// exists reads as the first pipeline).
    public func place(pipeline requested: ID?, stage requestedStage: ID?, current: (pipeline: ID, stage: ID)? = nil)
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
