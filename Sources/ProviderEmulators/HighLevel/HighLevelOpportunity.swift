import Foundation

/// One opportunity as stored. Serialised with the members of the spec's `SearchOpportunitiesResponseSchema`
/// (also used by `GET`, `POST` and `PUT` answers through `GetPostOpportunitySuccessfulResponseDto`).
public struct HighLevelOpportunity: Sendable, Equatable {
    public var id: String
    public var name: String
    public var monetaryValue: Double
    public var pipelineId: String
    public var pipelineStageId: String
    public var assignedTo: String?
    /// `open`, `won`, `lost` or `abandoned`.
    public var status: String
    public var source: String
    public var lastStatusChangeAt: Int64
    public var lastStageChangeAt: Int64
    public var lastActionDate: Int64?
    public var indexVersion: Int
    public var createdAt: Int64
    public var updatedAt: Int64
    public var contactId: String
    public var locationId: String
    public var lostReasonId: String?
    /// Values by custom field id.
    public var customFields: [String: HighLevelFieldValue]
    public var followers: [String]

    /// The JSON object. `contact` is the embedded contact summary when known.
    func json(contact: HighLevelContact?, shape: HighLevelCustomFieldReadShape, fields: [HighLevelCustomField]) -> [String: Any] {
        var object: [String: Any] = [
            "id": id,
            "name": name,
            "monetaryValue": HighLevelFieldValue.number(monetaryValue).jsonValue,
            "pipelineId": pipelineId,
            "pipelineStageId": pipelineStageId,
            "status": status,
            "source": source,
            "lastStatusChangeAt": HighLevelTime.iso(lastStatusChangeAt),
            "lastStageChangeAt": HighLevelTime.iso(lastStageChangeAt),
            // Typed `string` in the spec, example value the number 1; the emulator writes the number.
            "indexVersion": indexVersion,
            "createdAt": HighLevelTime.iso(createdAt),
            "updatedAt": HighLevelTime.iso(updatedAt),
            "contactId": contactId,
            "locationId": locationId,
            "notes": [Any](),
            "tasks": [Any](),
            "calendarEvents": [Any](),
            "followers": followers,
            "customFields": customFieldsJSON(shape: shape, fields: fields),
        ]
        if let assignedTo { object["assignedTo"] = assignedTo }
        if let lastActionDate { object["lastActionDate"] = HighLevelTime.iso(lastActionDate) }
        if let lostReasonId { object["lostReasonId"] = lostReasonId }
        if let contact { object["contact"] = contact.json }
        return object
    }

    /// `[{id, fieldValue}]` in the seeded field order.
    func customFieldsJSON(shape: HighLevelCustomFieldReadShape, fields: [HighLevelCustomField]) -> [[String: Any]] {
        fields.compactMap { field in
            guard let value = customFields[field.id] else { return nil }
            switch shape {
            case .spec: return ["id": field.id, "fieldValue": value.jsonValue]
            case .typed: return ["id": field.id, value.typedKey: value.jsonValue]
            }
        }
    }
}
