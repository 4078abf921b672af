import FakeProviderKit
import Foundation

/// A custom field value in API v2 form (migration guide: custom fields live under `custom_fields`).
public enum PipedriveCustomValue: Sendable, Equatable {
    /// varchar / text / varchar_auto / phone
    case text(String)
    /// double
    case number(Double)
    /// enum: the numeric option id
    case option(Int)
    /// set: numeric option ids
    case options([Int])
    /// monetary: `{"value": 2300, "currency": "EUR"}`
    case monetary(value: Double, currency: String)
    /// date: `YYYY-MM-DD`
    case date(String)
    /// user / org / people: numeric id
    case id(Int)

    var json: Any {
        switch self {
        case .text(let s): return s
        case .number(let d): return FakeJSON.compactNumber(d)
        case .option(let i): return i
        case .options(let ids): return ids
        case .monetary(let value, let currency): return ["value": FakeJSON.compactNumber(value), "currency": currency]
        case .date(let s): return s
        case .id(let i): return i
        }
    }
}

/// A deal as stored by the emulator, with the fields of the API v2 deal object.
public struct PipedriveDeal: Sendable, Equatable {
    public var id: Int
    public var title: String
    public var creatorUserID: Int
    public var ownerID: Int
    public var personID: Int?
    public var orgID: Int?
    public var pipelineID: Int
    public var stageID: Int
    public var value: Double
    public var currency: String
    /// Seconds since 1970, UTC.
    public var addTime: Int
    public var updateTime: Int
    public var stageChangeTime: Int?
    public var isDeleted: Bool
    public var isArchived: Bool
    public var archiveTime: Int?
    /// `open`, `won` or `lost`.
    public var status: String
    public var probability: Double?
    public var lostReason: String?
    /// 1 owner & followers, 3 entire company, 5 / 7 for the other visibility groups.
    public var visibleTo: Int
    public var closeTime: Int?
    public var wonTime: Int?
    public var lostTime: Int?
    /// `YYYY-MM-DD`
    public var expectedCloseDate: String?
    public var labelIDs: [Int]
    public var origin: String
    public var originID: String?
    public var channel: Int?
    public var channelID: String?
    /// Keyed by the 40-char custom field hash. Fields without a value are absent (rendered as null).
    public var customFields: [String: PipedriveCustomValue]

    /// The API v2 JSON object. `onlyCustomFields` restricts `custom_fields` to those keys (the
    /// `custom_fields` query parameter).
    func json(fields: [PipedriveDealField], onlyCustomFields: Set<String>? = nil) -> [String: Any] {
        var custom: [String: Any] = [:]
        for field in fields where field.isCustom {
            if let only = onlyCustomFields, !only.contains(field.key) { continue }
            custom[field.key] = customFields[field.key]?.json ?? NSNull()
        }
        return [
            "id": id,
            "title": title,
            "creator_user_id": creatorUserID,
            "owner_id": ownerID,
            "person_id": Self.nullable(personID),
            "org_id": Self.nullable(orgID),
            "pipeline_id": pipelineID,
            "stage_id": stageID,
            "value": FakeJSON.compactNumber(value),
            "currency": currency,
            "add_time": PipedriveTime.rfc3339(addTime),
            "update_time": PipedriveTime.rfc3339(updateTime),
            "stage_change_time": Self.time(stageChangeTime),
            "is_deleted": isDeleted,
            "is_archived": isArchived,
            "archive_time": Self.time(archiveTime),
            "status": status,
            "probability": probability.map { FakeJSON.compactNumber($0) } ?? NSNull(),
            "lost_reason": Self.nullable(lostReason),
            "visible_to": visibleTo,
            "close_time": Self.time(closeTime),
            "won_time": Self.time(wonTime),
            "lost_time": Self.time(lostTime),
            "local_won_date": wonTime.map { PipedriveTime.date($0) as Any } ?? NSNull(),
            "local_lost_date": lostTime.map { PipedriveTime.date($0) as Any } ?? NSNull(),
            "local_close_date": closeTime.map { PipedriveTime.date($0) as Any } ?? NSNull(),
            "expected_close_date": Self.nullable(expectedCloseDate),
            "label_ids": labelIDs,
            "origin": origin,
            "origin_id": Self.nullable(originID),
            "channel": Self.nullable(channel),
            "channel_id": Self.nullable(channelID),
            "arr": NSNull(),
            "mrr": NSNull(),
            "acv": NSNull(),
            "custom_fields": custom,
        ]
    }

    static func nullable<T>(_ value: T?) -> Any { FakeJSON.nullable(value) }
    static func time(_ epoch: Int?) -> Any { epoch.map { PipedriveTime.rfc3339($0) as Any } ?? NSNull() }
}
