import FakeProviderKit
import Foundation

/// The account's deal properties and HubSpot's rules for writing them. The definitions come from
/// `definitions.json` (`HubSpotCatalog`); what is rule, not table, stays here.
public struct HubSpotDealProperties: Sendable {
    /// Every deal property, in `definitions.json` order.
    public let definitions: FieldDefinitions
    private let byName: [String: FieldDefinitions.Field]
    private let pipelines: Pipelines<String>
    /// Owner ids (`hubspot_owner_id` values) of the seeded account.
    private let ownerIDs: Set<String>

    /// Which properties a record carries (`returned-properties.json`).
    let returned: Returned
    struct Returned: Sendable, Decodable {
        /// Without a `properties` parameter.
        let `default`: [String]
        /// With one, besides those it names.
        let always: [String]
    }

    /// How written values are checked (`property-checks.json`).
    private let checks: HubSpotPropertyChecks

    init(_ definitions: FieldDefinitions, pipelines: Pipelines<String>, ownerIDs: [String], returned: Returned,
         checks: HubSpotPropertyChecks) {
        self.ownerIDs = Set(ownerIDs)
        self.checks = checks
        self.returned = returned
        self.definitions = definitions
        byName = Dictionary(definitions.all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.pipelines = pipelines
    }

    /// The custom deal properties (no `hubspotDefined` flag).
    public var custom: [FieldDefinitions.Field] { definitions.custom }

    public func definition(_ name: String) -> FieldDefinitions.Field? { byName[name] }

    // MARK: - Calculated values

    /// The value of a calculated property for a deal's stored properties.
    func calculated(_ name: String, stored: [String: String], contactCount: Int) -> String? {
        switch name {
        case "hs_is_closed":
            guard let stage = stored["dealstage"].flatMap(pipelines.stage) else { return "false" }
            return stage.isClosed ? "true" : "false"
        case "hs_is_closed_won":
            guard let stage = stored["dealstage"].flatMap(pipelines.stage) else { return "false" }
            return stage.isWon ? "true" : "false"
        case "hs_deal_stage_probability":
            return stored["dealstage"].flatMap(pipelines.stage)?.probability
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
    func validate(_ input: [(String, String?)], existing: [String: String]?) -> Result<[String: String?], HubSpotPropertyFailures> {
        var failures: [HubSpotPropertyValidation] = []
        var output: [String: String?] = [:]
        for (name, value) in input {
            guard let definition = definition(name) else {
                failures.append(checks.failure(checks.unknown, name: name, value: nil))
                continue
            }
            if definition.readOnlyValue {
                failures.append(checks.failure(checks.readOnly, name: name, value: value ?? ""))
                continue
            }
            guard let value else { output[name] = .some(nil); continue }
            guard let check = checks.check(definition), let format = check.format.flatMap({ HubSpotPropertyChecks.formats[$0] }) else {
                output[name] = value
                continue
            }
            if let stored = format(value, definition, ownerIDs) { output[name] = stored } else {
                failures.append(checks.failure(check, name: name, value: value, options: definition.options))
            }
        }

        // Pipeline and stage: the stage must belong to the deal's (new or current) pipeline;
        // a new deal without `pipeline` goes to the default pipeline (deals guide).
        let pipelineInput: String?? = output["pipeline"]
        let stageInput: String?? = output["dealstage"]
        if pipelineInput != nil || stageInput != nil || existing == nil {
            let pipelineID: String? = {
                if let given = pipelineInput { return given }
                return existing?["pipeline"] ?? (existing == nil ? pipelines.first.id : nil)
            }()
            var pipelineValid = true
            if case .some(.some(let id)) = pipelineInput, pipelines.pipeline(id) == nil {
                failures.append(invalidOption(definition("pipeline")!, id))
                pipelineValid = false
            }
            if existing == nil, pipelineInput == nil { output["pipeline"] = pipelines.first.id }
            let stageID: String? = {
                if let given = stageInput { return given }
                return existing?["dealstage"]
            }()
            if pipelineValid, let stageID {
                let pipeline = pipelineID.flatMap(pipelines.pipeline)
                if pipeline?.stage(stageID) == nil {
                    let allowed = pipeline?.stages.map { FieldDefinitions.Option(value: .string($0.id), label: $0.label, order: $0.order) } ?? []
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

    /// `INVALID_OPTION` for `definition`, listing `allowed` (the definition's options by default).
    private func invalidOption(_ definition: FieldDefinitions.Field, _ value: String,
                               allowed: [FieldDefinitions.Option]? = nil) -> HubSpotPropertyValidation {
        checks.failure(checks.types["enumeration"]!, name: definition.key, value: value, options: allowed ?? definition.options)
    }
}

/// Validation failures for one create/update request.
struct HubSpotPropertyFailures: Error, Sendable {
    var items: [HubSpotPropertyValidation]
}
