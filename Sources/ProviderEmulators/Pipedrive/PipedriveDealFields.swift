import Foundation

/// One option of an `enum` / `set` field (v1 shape: `{"id": 34, "label": "Auto-renew"}`).
public struct PipedriveFieldOption: Sendable, Equatable {
    /// Custom-field options have numeric ids; a few built-in fields (status, visible_to) use strings.
    public var id: Int?
    public var stringID: String?
    public var label: String

    init(_ id: Int, _ label: String) { self.id = id; self.stringID = nil; self.label = label }
    init(_ id: String, _ label: String) { self.id = nil; self.stringID = id; self.label = label }

    var json: [String: Any] {
        var object: [String: Any] = ["label": label]
        if let id { object["id"] = id } else if let stringID { object["id"] = stringID }
        return object
    }
}

/// A deal field as `GET /v1/dealFields` describes it.
public struct PipedriveDealField: Sendable, Equatable {
    public var id: Int
    /// Plain name for built-in fields (`title`, `value`), 40-char hex hash for custom fields.
    public var key: String
    public var name: String
    /// v1 `field_type`: `varchar`, `double`, `enum`, `set`, `date`, `monetary`, `user`, `org`, `people`, ...
    public var fieldType: String
    public var orderNr: Int
    /// Built-in fields are not editable as field definitions (`edit_flag: false`); custom ones are.
    public var editFlag: Bool
    public var isCustom: Bool
    public var mandatory: Bool
    public var options: [PipedriveFieldOption]?
    public var addTime: Int
    public var updateTime: Int?

    var v1JSON: [String: Any] {
        var object: [String: Any] = [
            "id": id,
            "key": key,
            "name": name,
            "order_nr": orderNr,
            "field_type": fieldType,
            "add_time": PipedriveTime.v1DateTime(addTime),
            "update_time": updateTime.map { PipedriveTime.v1DateTime($0) as Any } ?? NSNull(),
            "last_updated_by_user_id": isCustom ? PipedriveSeedData.users[0].id as Any : NSNull(),
            "created_by_user_id": isCustom ? PipedriveSeedData.users[0].id as Any : NSNull(),
            "active_flag": true,
            "edit_flag": editFlag,
            "index_visible_flag": true,
            "details_visible_flag": true,
            "add_visible_flag": true,
            "important_flag": false,
            "bulk_edit_allowed": true,
            "searchable_flag": isCustom && ["varchar", "double", "monetary"].contains(fieldType),
            "filtering_allowed": true,
            "sortable_flag": true,
            "mandatory_flag": mandatory,
            "options": options.map { $0.map(\.json) as Any } ?? NSNull(),
        ]
        if !isCustom { object["json_column_flag"] = false } else { object["json_column_flag"] = true }
        return object
    }
}

/// The deal field catalogue of the emulated company: built-in fields plus seeded custom fields.
public enum PipedriveDealFields {
    // Custom field keys: fixed 40-character hex hashes, the same every run.
    public static let renewalTypeKey = "812adb5c18302f7e51f0543a66cb6d9d1057818f"
    public static let contractLengthKey = "86de3bd298d59e9f03ef70bf2ee4112954006d3f"
    public static let competitorKey = "e843cb7d7f66ad379ca24b242e525ec2017713c8"
    public static let renewalDateKey = "970564f54b4eddfa6c783ec6e2a5ba591ac57326"
    public static let implementationFeeKey = "84b2bb98261eb58fdd31d95d56eebf1f9b64ed56"

    /// Options of "Renewal type" (single option → v2 value is the numeric option id).
    public static let renewalTypeOptions: [PipedriveFieldOption] = [
        .init(34, "Auto-renew"),
        .init(35, "Manual renewal"),
        .init(36, "Non-renewing"),
    ]

    /// Deal labels (v1 field `label`, v2 deal property `label_ids`).
    public static let labelOptions: [PipedriveFieldOption] = [
        .init(1, "Hot"),
        .init(2, "Warm"),
        .init(3, "Cold"),
    ]

    private static let created = PipedriveTime.epoch(2022, 11, 3, 9, 12, 44)

    private static func builtIn(_ id: Int, _ key: String, _ name: String, _ type: String,
                                mandatory: Bool = false, options: [PipedriveFieldOption]? = nil) -> PipedriveDealField {
        PipedriveDealField(id: id, key: key, name: name, fieldType: type, orderNr: 0, editFlag: false,
                           isCustom: false, mandatory: mandatory, options: options, addTime: created, updateTime: nil)
    }

    private static func custom(_ id: Int, _ key: String, _ name: String, _ type: String, order: Int,
                               options: [PipedriveFieldOption]? = nil) -> PipedriveDealField {
        PipedriveDealField(id: id, key: key, name: name, fieldType: type, orderNr: order, editFlag: true,
                           isCustom: true, mandatory: false, options: options,
                           addTime: PipedriveTime.epoch(2023, 2, 14, 8, 30, 0) + order * 600,
                           updateTime: PipedriveTime.epoch(2023, 2, 14, 8, 30, 0) + order * 600)
    }

    /// Every field, in the order `GET /v1/dealFields` lists them.
    public static let all: [PipedriveDealField] = [
        builtIn(12451, "id", "ID", "int"),
        builtIn(12452, "title", "Title", "varchar", mandatory: true),
        builtIn(12453, "creator_user_id", "Creator", "user"),
        builtIn(12454, "user_id", "Owner", "user"),
        builtIn(12455, "value", "Value", "monetary"),
        builtIn(12456, "currency", "Currency", "varchar_auto"),
        builtIn(12457, "org_id", "Organization", "org"),
        builtIn(12458, "person_id", "Contact person", "people"),
        builtIn(12459, "stage_id", "Stage", "stage"),
        builtIn(12460, "status", "Status", "status", options: [
            .init("open", "Open"), .init("lost", "Lost"), .init("won", "Won"), .init("deleted", "Deleted"),
        ]),
        builtIn(12461, "probability", "Probability", "double"),
        builtIn(12462, "add_time", "Deal created", "date"),
        builtIn(12463, "update_time", "Update time", "date"),
        builtIn(12464, "stage_change_time", "Last stage change", "date"),
        builtIn(12465, "close_time", "Deal closed on", "date"),
        builtIn(12466, "won_time", "Won time", "date"),
        builtIn(12467, "lost_time", "Lost time", "date"),
        builtIn(12468, "lost_reason", "Lost reason", "varchar"),
        builtIn(12469, "expected_close_date", "Expected close date", "date"),
        builtIn(12470, "visible_to", "Visible to", "visible_to", options: [
            .init("1", "Owner & followers"), .init("3", "Entire company"),
        ]),
        builtIn(12471, "label", "Label", "set", options: labelOptions),
        custom(12500, renewalTypeKey, "Renewal type", "enum", order: 1, options: renewalTypeOptions),
        custom(12501, contractLengthKey, "Contract length", "double", order: 2),
        custom(12502, competitorKey, "Competitor", "varchar", order: 3),
        custom(12503, renewalDateKey, "Renewal date", "date", order: 4),
        custom(12504, implementationFeeKey, "Implementation fee", "monetary", order: 5),
    ]

    /// Custom fields only.
    public static var customFields: [PipedriveDealField] { all.filter(\.isCustom) }

    /// A custom field by its 40-char key.
    public static func custom(key: String) -> PipedriveDealField? {
        customFieldsByKey[key]
    }

    /// A custom field by its display name (case-insensitive).
    public static func custom(named name: String) -> PipedriveDealField? {
        customFields.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }
    }

    private static let customFieldsByKey: [String: PipedriveDealField] =
        Dictionary(uniqueKeysWithValues: all.filter(\.isCustom).map { ($0.key, $0) })
}
