extension Pipelines {
    /// Where a record lands when a write names `stage` and/or `pipeline`: a known stage brings its
    /// pipeline; a known pipeline alone, other than the current one, moves the record to its first
    /// stage; otherwise the record stays at `current`, and a new one (`current` nil) lands on the
    /// first pipeline's first stage (nil when that has no stages).
    public func placement(stage: ID?, pipeline: ID?, current: (pipeline: ID, stage: ID)?) -> (pipeline: ID, stage: ID)? {
        if let found = stage.flatMap(self.stage) { return (found.pipeline, found.id) }
        if let pipeline, pipeline != current?.pipeline, let first = self.pipeline(pipeline)?.firstStage { return (pipeline, first.id) }
        if let current { return current }
        return first.firstStage.map { (first.id, $0.id) }
    }
}
