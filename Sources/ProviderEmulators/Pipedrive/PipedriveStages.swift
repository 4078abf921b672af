import Foundation

/// A pipeline stage (API v2 `GET /api/v2/stages` object).
public struct PipedriveStage: Sendable, Equatable {
    public var id: Int
    public var orderNr: Int
    public var name: String
    public var pipelineID: Int
    public var dealProbability: Int
    public var isDealRotEnabled: Bool
    public var daysToRotten: Int?

    var json: [String: Any] {
        [
            "id": id,
            "order_nr": orderNr,
            "name": name,
            "is_deleted": false,
            "deal_probability": dealProbability,
            "pipeline_id": pipelineID,
            "is_deal_rot_enabled": isDealRotEnabled,
            "days_to_rotten": PipedriveDeal.nullable(daysToRotten),
            "add_time": PipedriveTime.rfc3339(PipedriveTime.epoch(2022, 11, 3, 9, 12, 44) + id * 60),
            "update_time": PipedriveTime.rfc3339(PipedriveTime.epoch(2023, 1, 9, 14, 2, 10) + id * 60),
        ]
    }
}

/// The emulated company's pipelines and stages.
public enum PipedriveStages {
    /// Pipeline 1 uses Pipedrive's default stage names; pipeline 2 is a renewals pipeline.
    public static let all: [PipedriveStage] = [
        .init(id: 1, orderNr: 1, name: "Qualified", pipelineID: 1, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
        .init(id: 2, orderNr: 2, name: "Contact Made", pipelineID: 1, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
        .init(id: 3, orderNr: 3, name: "Demo Scheduled", pipelineID: 1, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
        .init(id: 4, orderNr: 4, name: "Proposal Made", pipelineID: 1, dealProbability: 100, isDealRotEnabled: true, daysToRotten: 14),
        .init(id: 5, orderNr: 5, name: "Negotiations Started", pipelineID: 1, dealProbability: 100, isDealRotEnabled: true, daysToRotten: 21),
        .init(id: 6, orderNr: 1, name: "Renewal Due", pipelineID: 2, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
        .init(id: 7, orderNr: 2, name: "Renewal Negotiation", pipelineID: 2, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
        .init(id: 8, orderNr: 3, name: "Renewal Committed", pipelineID: 2, dealProbability: 100, isDealRotEnabled: false, daysToRotten: nil),
    ]

    public static let pipelineIDs: Set<Int> = Set(all.map(\.pipelineID))

    public static func stage(_ id: Int) -> PipedriveStage? {
        all.first { $0.id == id }
    }

    /// The first stage of a pipeline (where new deals land when no stage is given).
    public static func firstStage(ofPipeline pipelineID: Int) -> PipedriveStage? {
        all.filter { $0.pipelineID == pipelineID }.min { $0.orderNr < $1.orderNr }
    }
}
