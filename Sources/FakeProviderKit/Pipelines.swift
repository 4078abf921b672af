import Foundation

/// An account's pipelines and their stages, read from the list a provider answers with and laid out
/// as `catalog.json`'s `pipelines` declares: nested (each pipeline lists its stages under `stages`)
/// or flat (each stage names its pipeline under `pipeline`). Ids are the provider's (`String`, `Int`).
/// The stored list is kept as `answer`, served verbatim.
public struct Pipelines<ID: Hashable & Sendable>: Sendable {
    /// One stage: its id, pipeline, label, order and every member as stored.
    public struct Stage: Sendable, Equatable, StoredMembers {
        public let id: ID
        public let pipeline: ID
        public let label: String
        public let order: Int
        public let members: [String: RecordValue]
    }

    /// One pipeline with its stages in stored order.
    public struct Pipeline: Sendable, Equatable {
        public let id: ID
        public let stages: [Stage]

        public func stage(_ id: ID) -> Stage? { stages.first { $0.id == id } }
        /// The stage of lowest order (the first stored of those): where a deal lands without a stage.
        public var firstStage: Stage? { stages.min { $0.order < $1.order } }
    }

    /// `catalog.json`'s `pipelines`: the file, its list, and the members read.
    struct Layout: Decodable {
        let file: String, list: String
        let id: String, label: String, order: String
        /// Nested: the member of a pipeline listing its stages.
        let stages: String?
        /// Flat: the member of a stage naming its pipeline.
        let pipeline: String?
    }

    /// Every pipeline, in stored order (flat: in the order their first stage appears).
    public let all: [Pipeline]
    public let answer: FixtureList

    public init(fixtures: ProviderFixtures) throws(FixtureError) {
        let layout = try fixtures.decode(Catalog.self, "catalog.json").pipelines
        answer = try fixtures.list(layout.file, member: layout.list)
        var pipelines: [Pipeline] = []
        if let member = layout.stages {
            for item in answer.items {
                guard let id = item[layout.id] as? ID else { throw FixtureError("\(answer.file): a pipeline without \(layout.id)") }
                var stages: [Stage] = []
                for stageItem in item[member] as? [[String: Any]] ?? [] { stages.append(try Self.stage(stageItem, pipeline: id, layout: layout, file: answer.file)) }
                pipelines.append(Pipeline(id: id, stages: stages))
            }
        } else {
            var stages: [Stage] = []
            for item in answer.items { stages.append(try Self.stage(item, pipeline: nil, layout: layout, file: answer.file)) }
            var order: [ID] = []
            for stage in stages where !order.contains(stage.pipeline) { order.append(stage.pipeline) }
            pipelines = order.map { id in Pipeline(id: id, stages: stages.filter { $0.pipeline == id }) }
        }
        guard !pipelines.isEmpty else { throw FixtureError("\(answer.file): no pipelines") }
        all = pipelines
    }

    /// The first pipeline stored: where a deal lands without one.
    public var first: Pipeline { all[0] }

    public func pipeline(_ id: ID) -> Pipeline? { all.first { $0.id == id } }

    /// A stage of any pipeline.
    public func stage(_ id: ID) -> Stage? { all.lazy.compactMap { $0.stage(id) }.first }

    /// Every stage, pipeline by pipeline.
    public var stages: [Stage] { all.flatMap(\.stages) }

    private static func stage(_ item: [String: Any], pipeline: ID?, layout: Layout, file: String) throws(FixtureError) -> Stage {
        guard let id = item[layout.id] as? ID, let pipeline = pipeline ?? layout.pipeline.flatMap({ item[$0] as? ID }),
              let label = item[layout.label] as? String, let order = item[layout.order] as? Int,
              case .object(let members)? = RecordValue(foundation: item) else {
            throw FixtureError("\(file): a stage without \(layout.id), \(layout.label), \(layout.order) or its pipeline")
        }
        return Stage(id: id, pipeline: pipeline, label: label, order: order, members: members)
    }

    private struct Catalog: Decodable { let pipelines: Layout }
}
