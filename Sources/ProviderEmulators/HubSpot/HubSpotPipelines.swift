import Foundation

/// A deal pipeline stage (`PipelineStage`: id, label, displayOrder, metadata, createdAt, updatedAt, archived).
public struct HubSpotPipelineStage: Sendable, Equatable {
    public let id: String
    public let label: String
    public let displayOrder: Int
    /// `metadata.probability`, a string between "0.0" and "1.0".
    public let probability: String
    /// `metadata.isClosed`.
    public let isClosed: Bool
    /// True for the won stage (used for the calculated `hs_is_closed_won`).
    public let isWon: Bool

    var json: [String: Any] {
        let created = HubSpotTime.iso(HubSpotPipelines.defaultCreatedAt)
        return [
            "id": id,
            "label": label,
            "displayOrder": displayOrder,
            "metadata": ["probability": probability, "isClosed": isClosed ? "true" : "false"],
            "createdAt": created,
            "updatedAt": created,
            "archived": false,
        ]
    }
}

/// A deal pipeline (`Pipeline`: id, label, displayOrder, stages, createdAt, updatedAt, archived).
public struct HubSpotPipeline: Sendable, Equatable {
    public let id: String
    public let label: String
    public let displayOrder: Int
    public let stages: [HubSpotPipelineStage]
    let createdAt: Int64

    public func stage(_ id: String) -> HubSpotPipelineStage? { stages.first { $0.id == id } }

    var json: [String: Any] {
        [
            "id": id,
            "label": label,
            "displayOrder": displayOrder,
            "stages": stages.map(\.json),
            "createdAt": HubSpotTime.iso(createdAt),
            "updatedAt": HubSpotTime.iso(createdAt),
            "archived": false,
        ]
    }
}

/// The account's deal pipelines: HubSpot's default "Sales Pipeline" (id `default`, the seven
/// standard stage ids) plus one custom pipeline with numeric ids, as accounts with several
/// pipelines have.
public enum HubSpotPipelines {
    /// Default pipelines report `createdAt` = 0 (pipelines API model documentation).
    static let defaultCreatedAt: Int64 = 0

    public static let sales = HubSpotPipeline(
        id: "default",
        label: "Sales Pipeline",
        displayOrder: 0,
        stages: [
            HubSpotPipelineStage(id: "appointmentscheduled", label: "Appointment Scheduled", displayOrder: 0, probability: "0.2", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "qualifiedtobuy", label: "Qualified To Buy", displayOrder: 1, probability: "0.4", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "presentationscheduled", label: "Presentation Scheduled", displayOrder: 2, probability: "0.6", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "decisionmakerboughtin", label: "Decision Maker Bought-In", displayOrder: 3, probability: "0.8", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "contractsent", label: "Contract Sent", displayOrder: 4, probability: "0.9", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "closedwon", label: "Closed Won", displayOrder: 5, probability: "1.0", isClosed: true, isWon: true),
            HubSpotPipelineStage(id: "closedlost", label: "Closed Lost", displayOrder: 6, probability: "0.0", isClosed: true, isWon: false),
        ],
        createdAt: defaultCreatedAt
    )

    public static let renewals = HubSpotPipeline(
        id: "75811234",
        label: "Renewals Pipeline",
        displayOrder: 1,
        stages: [
            HubSpotPipelineStage(id: "75811235", label: "Renewal Due", displayOrder: 0, probability: "0.5", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "75811236", label: "Renewal Negotiation", displayOrder: 1, probability: "0.7", isClosed: false, isWon: false),
            HubSpotPipelineStage(id: "75811237", label: "Renewed", displayOrder: 2, probability: "1.0", isClosed: true, isWon: true),
            HubSpotPipelineStage(id: "75811238", label: "Churned", displayOrder: 3, probability: "0.0", isClosed: true, isWon: false),
        ],
        createdAt: HubSpotTime.millis(year: 2022, month: 3, day: 14, hour: 15, minute: 4, second: 11, ms: 482)
    )

    public static let all: [HubSpotPipeline] = [sales, renewals]

    /// The pipeline used when a deal is created without `pipeline`.
    public static let defaultPipelineID = "default"

    public static func pipeline(_ id: String) -> HubSpotPipeline? { all.first { $0.id == id } }

    /// The stage with this id in any pipeline.
    static func anyStage(_ id: String) -> HubSpotPipelineStage? {
        for pipeline in all { if let stage = pipeline.stage(id) { return stage } }
        return nil
    }
}
