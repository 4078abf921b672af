/// A pipeline stage. The spec types `stages` as an untyped array; `id` and `name` are what clients rely on.
public struct HighLevelStage: Sendable, Equatable {
    public let id: String
    public let name: String
    public let position: Int

    var json: [String: Any] {
        ["id": id, "name": name, "position": position, "showInFunnel": true, "showInPieChart": true]
    }
}

/// A pipeline, as served by `GET /opportunities/pipelines` (`PipelinesResponseSchema`).
public struct HighLevelPipeline: Sendable, Equatable {
    public let id: String
    public let name: String
    public let stages: [HighLevelStage]

    func json(locationId: String) -> [String: Any] {
        [
            "id": id,
            "name": name,
            "stages": stages.map(\.json),
            "showInFunnel": true,
            "showInPieChart": true,
            "locationId": locationId,
        ]
    }

    func stage(id: String) -> HighLevelStage? { stages.first(where: { $0.id == id }) }
}

/// The location's pipelines. Ids are fixed.
public enum HighLevelPipelines {
    public static let sales = HighLevelPipeline(
        id: "VDm7RPYC2GLUvdpKmBfC", name: "Sales Pipeline",
        stages: [
            HighLevelStage(id: "e93ba61a-53b3-45e7-985a-c7732dbcdb69", name: "Qualification", position: 0),
            HighLevelStage(id: "7915dedc-8f18-44d5-8bc3-77c04e994a10", name: "Discovery", position: 1),
            HighLevelStage(id: "3c1f5a2e-9b4d-4f6a-8e2b-1d7c9a0b5e43", name: "Proposal", position: 2),
            HighLevelStage(id: "a8d4e6f2-1b3c-4d5e-9f7a-2c4e6b8d0f12", name: "Negotiation", position: 3),
            HighLevelStage(id: "5f2b9c7d-3e1a-4b6c-8d9e-0a2b4c6d8e1f", name: "Closing", position: 4),
        ])
    public static let renewals = HighLevelPipeline(
        id: "bCkKGpDsyPP4peuKowkG", name: "Renewals",
        stages: [
            HighLevelStage(id: "0b6e2d8a-4c1f-4e7b-9a3d-5f8c1e2b7d40", name: "Upcoming", position: 0),
            HighLevelStage(id: "9d3a7c1e-5b2f-4a8d-b6e4-3c0f9a1d2e57", name: "In review", position: 1),
            HighLevelStage(id: "6e8f0a2c-7d4b-4c1e-a5f3-8b2d4e6f0a19", name: "Committed", position: 2),
        ])

    public static let all: [HighLevelPipeline] = [sales, renewals]

    static func pipeline(id: String) -> HighLevelPipeline? { all.first(where: { $0.id == id }) }
}
