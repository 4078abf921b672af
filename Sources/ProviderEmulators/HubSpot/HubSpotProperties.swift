import Foundation

/// An option of an enumeration property (`Option`: label, value, description, displayOrder, hidden).
public struct HubSpotPropertyOption: Sendable, Equatable {
    public let label: String
    public let value: String
    public let displayOrder: Int

    var json: [String: Any] {
        ["label": label, "value": value, "description": "", "displayOrder": displayOrder, "hidden": false]
    }
}

/// A deal property definition, as `GET /crm/v3/properties/deals` describes it (`Property` model).
public struct HubSpotPropertyDefinition: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case string, number, enumeration, datetime, date, bool
    }

    public let name: String
    public let label: String
    public let type: Kind
    public let fieldType: String
    public let groupName: String
    public let description: String
    public let options: [HubSpotPropertyOption]
    public let displayOrder: Int
    /// HubSpot's own properties carry `hubspotDefined: true`; custom ones omit the field.
    public let hubspotDefined: Bool
    /// `modificationMetadata.readOnlyValue`: writes are rejected.
    public let readOnlyValue: Bool
    public let calculated: Bool
    public let externalOptions: Bool
    public let showCurrencySymbol: Bool
    let createdAt: Int64
    let updatedAt: Int64

    public var isCustom: Bool { !hubspotDefined }

    var json: [String: Any] {
        var object: [String: Any] = [
            "name": name,
            "label": label,
            "type": type.rawValue,
            "fieldType": fieldType,
            "description": description,
            "groupName": groupName,
            "options": options.map(\.json),
            "displayOrder": displayOrder,
            "calculated": calculated,
            "externalOptions": externalOptions,
            "hasUniqueValue": name == "hs_object_id",
            "hidden": false,
            "formField": !readOnlyValue && !hubspotDefined,
            "archived": false,
            "createdAt": HubSpotTime.iso(createdAt),
            "updatedAt": HubSpotTime.iso(updatedAt),
            "modificationMetadata": [
                "archivable": !hubspotDefined,
                "readOnlyDefinition": hubspotDefined,
                "readOnlyValue": readOnlyValue,
            ],
        ]
        if hubspotDefined {
            object["hubspotDefined"] = true
        } else {
            object["createdUserId"] = "4182301"
            object["updatedUserId"] = "4182301"
        }
        if type == .number, name == "amount" || name == "amount_in_home_currency" {
            object["showCurrencySymbol"] = showCurrencySymbol
        }
        return object
    }
}

/// The account's deal properties and HubSpot's rules for writing them.
public enum HubSpotDealProperties {
    /// Properties on every deal record when `properties` is not given (deals guide / generated client).
    public static let defaultReturned: [String] = [
        "amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate", "hs_object_id", "pipeline",
    ]
    /// Properties that come back even when `properties` names others (see the objects guide example).
    public static let alwaysReturned: [String] = ["createdate", "hs_lastmodifieddate", "hs_object_id"]

    /// Owner ids (`hubspot_owner_id` values) of the seeded account.
    public static let ownerIDs: [String] = ["41629779", "52550153", "60140512", "71938204", "83726415", "90417623"]

    private static let hubspotCreated = HubSpotTime.millis(year: 2019, month: 8, day: 6, hour: 2, minute: 41, second: 52, ms: 261)
    private static let customCreated = HubSpotTime.millis(year: 2023, month: 2, day: 9, hour: 14, minute: 22, second: 3, ms: 117)

    private static func hubspot(_ name: String, _ label: String, _ type: HubSpotPropertyDefinition.Kind, _ fieldType: String,
                                group: String = "dealinformation", description: String = "", options: [HubSpotPropertyOption] = [],
                                order: Int = -1, readOnly: Bool = false, calculated: Bool = false, external: Bool = false) -> HubSpotPropertyDefinition {
        HubSpotPropertyDefinition(name: name, label: label, type: type, fieldType: fieldType, groupName: group,
                                  description: description, options: options, displayOrder: order, hubspotDefined: true,
                                  readOnlyValue: readOnly, calculated: calculated, externalOptions: external,
                                  showCurrencySymbol: name == "amount" || name == "amount_in_home_currency",
                                  createdAt: hubspotCreated, updatedAt: hubspotCreated)
    }

    private static func custom(_ name: String, _ label: String, _ type: HubSpotPropertyDefinition.Kind, _ fieldType: String,
                               description: String, options: [HubSpotPropertyOption] = [], order: Int) -> HubSpotPropertyDefinition {
        HubSpotPropertyDefinition(name: name, label: label, type: type, fieldType: fieldType, groupName: "dealinformation",
                                  description: description, options: options, displayOrder: order, hubspotDefined: false,
                                  readOnlyValue: false, calculated: false, externalOptions: false, showCurrencySymbol: false,
                                  createdAt: customCreated, updatedAt: customCreated)
    }

    private static func options(_ pairs: [(String, String)]) -> [HubSpotPropertyOption] {
        pairs.enumerated().map { HubSpotPropertyOption(label: $0.element.1, value: $0.element.0, displayOrder: $0.offset) }
    }

    /// The seeded custom deal properties (no `hubspotDefined` flag).
    public static let custom: [HubSpotPropertyDefinition] = [
        custom("renewal_type", "Renewal type", .enumeration, "select",
               description: "Whether the deal is new business, a renewal, an expansion or a downsell.",
               options: options([("new_business", "New business"), ("renewal", "Renewal"), ("expansion", "Expansion"), ("downsell", "Downsell")]),
               order: 0),
        custom("contract_length_months", "Contract length (months)", .number, "number",
               description: "Length of the signed or proposed contract, in months.", order: 1),
        custom("competitor", "Competitor", .string, "text",
               description: "Main competitor in the deal, if any.", order: 2),
        custom("renewal_date", "Renewal date", .date, "date",
               description: "Date the contract comes up for renewal.", order: 3),
    ]

    /// HubSpot-defined deal properties this emulator knows (`hubspotDefined: true`).
    public static let hubspotDefined: [HubSpotPropertyDefinition] = {
        let stageOptions = HubSpotPipelines.all.flatMap { pipeline in
            pipeline.stages.map { HubSpotPropertyOption(label: $0.label, value: $0.id, displayOrder: $0.displayOrder) }
        }
        let pipelineOptions = HubSpotPipelines.all.map { HubSpotPropertyOption(label: $0.label, value: $0.id, displayOrder: $0.displayOrder) }
        return [
            hubspot("dealname", "Deal Name", .string, "text", description: "The name given to this deal.", order: 0),
            hubspot("amount", "Amount", .number, "number", description: "The total amount of the deal.", order: 1),
            hubspot("closedate", "Close Date", .datetime, "date", description: "Date the deal was closed. Set automatically by HubSpot.", order: 2),
            hubspot("dealstage", "Deal Stage", .enumeration, "radio", group: "deal_activity",
                    description: "The stage of the deal. Deal stages allow you to categorize and track the progress of the deals that you are working on.",
                    options: stageOptions, order: 3),
            hubspot("pipeline", "Pipeline", .enumeration, "select", description: "The pipeline the deal is in. This determines which stages are options for the deal.",
                    options: pipelineOptions, order: 4),
            hubspot("hubspot_owner_id", "Deal owner", .enumeration, "select", description: "User the deal is assigned to.", order: 5, external: true),
            hubspot("dealtype", "Deal Type", .enumeration, "radio", description: "The type of deal. By default, categorize your deal as either New Business or Existing Business.",
                    options: options([("newbusiness", "New Business"), ("existingbusiness", "Existing Business")]), order: 6),
            hubspot("description", "Deal Description", .string, "textarea", description: "Description of the deal."),
            hubspot("hs_priority", "Priority", .enumeration, "select", description: "The priority of the deal.",
                    options: options([("low", "Low"), ("medium", "Medium"), ("high", "High")])),
            hubspot("hs_next_step", "Next step", .string, "textarea", description: "A short description of the next step for the deal."),
            hubspot("closed_lost_reason", "Closed Lost Reason", .string, "textarea", description: "Reason why this deal was lost."),
            hubspot("closed_won_reason", "Closed Won Reason", .string, "textarea", description: "Reason why this deal was won."),
            hubspot("deal_currency_code", "Currency", .enumeration, "select", description: "Currency code for the deal.",
                    options: options([("USD", "US Dollar"), ("EUR", "Euro"), ("GBP", "British Pound")])),
            hubspot("createdate", "Create Date", .datetime, "date", group: "deal_activity", description: "Date the deal was created. This property is set automatically by HubSpot."),
            hubspot("hs_lastmodifieddate", "Last Modified Date", .datetime, "date", group: "deal_activity",
                    description: "Most recent timestamp of any property update for this deal.", readOnly: true, calculated: false),
            hubspot("hs_object_id", "Record ID", .number, "number", description: "The unique ID for this record. This value is set automatically by HubSpot.", readOnly: true),
            hubspot("hs_is_closed", "Is Deal Closed?", .bool, "booleancheckbox", description: "True if the deal is in a closed stage.", readOnly: true, calculated: true),
            hubspot("hs_is_closed_won", "Is Closed Won", .bool, "booleancheckbox", description: "True if the deal was won.", readOnly: true, calculated: true),
            hubspot("hs_deal_stage_probability", "Deal probability", .number, "number", description: "The probability a deal will close, from its stage.", readOnly: true, calculated: true),
            hubspot("amount_in_home_currency", "Amount in company currency", .number, "number", description: "The amount of the deal in the account's currency.", readOnly: true, calculated: true),
            hubspot("num_associated_contacts", "Number of Contacts", .number, "number", group: "deal_activity", description: "The number of contacts associated with this deal.", readOnly: true, calculated: true),
        ]
    }()

    /// Every deal property, HubSpot-defined first.
    public static let all: [HubSpotPropertyDefinition] = hubspotDefined + custom

    private static let byName: [String: HubSpotPropertyDefinition] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    public static func definition(_ name: String) -> HubSpotPropertyDefinition? { byName[name] }

    // MARK: - Calculated values

    /// The value of a calculated property for a deal's stored properties.
    static func calculated(_ name: String, stored: [String: String], contactCount: Int) -> String? {
        switch name {
        case "hs_is_closed":
            guard let stage = stored["dealstage"].flatMap(HubSpotPipelines.anyStage) else { return "false" }
            return stage.isClosed ? "true" : "false"
        case "hs_is_closed_won":
            guard let stage = stored["dealstage"].flatMap(HubSpotPipelines.anyStage) else { return "false" }
            return stage.isWon ? "true" : "false"
        case "hs_deal_stage_probability":
            return stored["dealstage"].flatMap(HubSpotPipelines.anyStage)?.probability
        case "amount_in_home_currency":
            return stored["amount"]
        case "num_associated_contacts":
            return String(contactCount)
        default:
            return nil
        }
    }

    // MARK: - Validation

    /// Checks and normalises property values for a create (`existing == nil`) or an update.
    ///
    /// `input` maps names to values; a nil value clears the property (HubSpot clears on `""`).
    /// Returns the values to store (nil = remove) or the failures HubSpot would report.
    static func validate(_ input: [(String, String?)], existing: [String: String]?) -> Result<[String: String?], HubSpotPropertyFailures> {
        var failures: [HubSpotPropertyValidation] = []
        var output: [String: String?] = [:]
        for (name, value) in input {
            guard let definition = definition(name) else {
                failures.append(.init(error: "PROPERTY_DOESNT_EXIST", name: name, message: "Property \"\(name)\" does not exist"))
                continue
            }
            if definition.readOnlyValue {
                failures.append(.init(error: "READ_ONLY_VALUE", name: name,
                                      message: "\"\(name)\" is a read only property; its value cannot be set.", propertyValue: value ?? ""))
                continue
            }
            guard let value else { output[name] = .some(nil); continue }
            switch definition.type {
            case .number:
                guard isHubSpotNumber(value) else {
                    failures.append(.init(error: "INVALID_INTEGER", name: name, message: "\(value) was not a valid number.", propertyValue: value))
                    continue
                }
                output[name] = value
            case .datetime:
                guard let millis = HubSpotTime.parse(value) else {
                    failures.append(.init(error: "INVALID_DATE", name: name, message: "\(value) is not a valid datetime.", propertyValue: value))
                    continue
                }
                output[name] = HubSpotTime.iso(millis)
            case .date:
                guard let millis = HubSpotTime.parse(value), millis % 86_400_000 == 0 else {
                    failures.append(.init(error: "INVALID_DATE", name: name,
                                          message: "\(value) is not a valid date; date values must be midnight UTC.", propertyValue: value))
                    continue
                }
                output[name] = String(HubSpotTime.iso(millis).prefix(10))
            case .bool:
                let lowered = value.lowercased()
                guard lowered == "true" || lowered == "false" else {
                    failures.append(.init(error: "INVALID_BOOLEAN", name: name, message: "\(value) is not a valid boolean.", propertyValue: value))
                    continue
                }
                output[name] = lowered
            case .enumeration:
                if name == "hubspot_owner_id" {
                    guard ownerIDs.contains(value) else {
                        failures.append(.init(error: "INVALID_OWNER_ID", name: name, message: "\(value) is not a valid owner id", propertyValue: value))
                        continue
                    }
                    output[name] = value
                } else if name == "dealstage" || name == "pipeline" {
                    output[name] = value // checked against the resulting pipeline below
                } else if definition.options.contains(where: { $0.value == value }) {
                    output[name] = value
                } else {
                    failures.append(invalidOption(definition, value))
                }
            case .string:
                output[name] = value
            }
        }

        // Pipeline and stage: the stage must belong to the deal's (new or current) pipeline;
        // a new deal without `pipeline` goes to the default pipeline (deals guide).
        let pipelineInput: String?? = output["pipeline"]
        let stageInput: String?? = output["dealstage"]
        if pipelineInput != nil || stageInput != nil || existing == nil {
            let pipelineID: String? = {
                if let given = pipelineInput { return given }
                return existing?["pipeline"] ?? (existing == nil ? HubSpotPipelines.defaultPipelineID : nil)
            }()
            var pipelineValid = true
            if case .some(.some(let id)) = pipelineInput, HubSpotPipelines.pipeline(id) == nil {
                failures.append(invalidOption(definition("pipeline")!, id))
                pipelineValid = false
            }
            if existing == nil, pipelineInput == nil { output["pipeline"] = HubSpotPipelines.defaultPipelineID }
            let stageID: String? = {
                if let given = stageInput { return given }
                return existing?["dealstage"]
            }()
            if pipelineValid, let stageID {
                let pipeline = pipelineID.flatMap(HubSpotPipelines.pipeline)
                if pipeline?.stage(stageID) == nil {
                    let allowed = pipeline?.stages.map { HubSpotPropertyOption(label: $0.label, value: $0.id, displayOrder: $0.displayOrder) } ?? []
                    failures.append(invalidOption(definition("dealstage")!, stageID, allowed: allowed))
                }
            }
        }
        if failures.isEmpty { return .success(output) }
        return .failure(HubSpotPropertyFailures(items: failures))
    }

    /// "Numeric digits and at most one decimal" (properties guide); no exponent (a value such as
    /// `1.4e-14` is rejected by HubSpot with "was not a valid number.").
    static func isHubSpotNumber(_ value: String) -> Bool {
        var chars = Substring(value)
        if chars.first == "-" { chars = chars.dropFirst() }
        guard !chars.isEmpty else { return false }
        var seenDot = false
        var digits = 0
        for c in chars {
            if c == "." {
                if seenDot { return false }
                seenDot = true
            } else if c.isASCII, c.isNumber {
                digits += 1
            } else {
                return false
            }
        }
        return digits > 0 && chars.last != "." && chars.first != "."
    }

    private static func invalidOption(_ definition: HubSpotPropertyDefinition, _ value: String,
                                      allowed: [HubSpotPropertyOption]? = nil) -> HubSpotPropertyValidation {
        let list = (allowed ?? definition.options).map {
            "label: \"\($0.label)\"\nvalue: \"\($0.value)\"\ndisplay_order: \($0.displayOrder)\nhidden: false\nread_only: false\n"
        }.joined(separator: ", ")
        return HubSpotPropertyValidation(error: "INVALID_OPTION", name: definition.name,
                                         message: "\(value) was not one of the allowed options: [\(list)]", propertyValue: value)
    }
}

/// Validation failures for one create/update request.
struct HubSpotPropertyFailures: Error, Sendable {
    var items: [HubSpotPropertyValidation]
}
