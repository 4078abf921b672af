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
    private let checks: FieldValueChecks

    init(_ definitions: FieldDefinitions, pipelines: Pipelines<String>, ownerIDs: [String], returned: Returned,
         fixtures: ProviderFixtures) throws(FixtureError) {
        let owners = Set(ownerIDs)
        self.ownerIDs = owners
        checks = try FieldValueChecks(fixtures: fixtures, file: "property-checks.json", extra: [
            "datetime": { value, _ in value.string.flatMap(HubSpotTime.parse).map { .string(HubSpotTime.iso($0)) } },
            "midnightDate": { value, _ in
                value.string.flatMap(HubSpotTime.parse).flatMap { $0 % 86_400_000 == 0 ? .string(String(HubSpotTime.iso($0).prefix(10))) : nil }
            },
            "owner": { value, _ in value.string.map(owners.contains) == true ? value : nil },
        ])
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
        var failures: [FieldValueChecks.Failure] = []
        var output: [String: String?] = [:]
        for (name, value) in input {
            guard let definition = definition(name) else {
                failures.append(checks.unknown(name))
                continue
            }
            if definition.readOnlyValue {
                failures.append(checks.readOnly(definition, value: .string(value ?? "")))
                continue
            }
            guard let value else { output[name] = .some(nil); continue }
            switch checks.value(.string(value), for: definition) {
            case .success(let stored): output[name] = stored.string ?? value
            case .failure(let failure): failures.append(failure)
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

    /// `INVALID_OPTION` for `definition`, listing `allowed` (the definition's options by default).
    private func invalidOption(_ definition: FieldDefinitions.Field, _ value: String,
                               allowed: [FieldDefinitions.Option]? = nil) -> FieldValueChecks.Failure {
        checks.failure(ofType: "enumeration", field: definition, value: .string(value), options: allowed ?? definition.options)!
    }
}

/// Validation failures for one create/update request.
struct HubSpotPropertyFailures: Error, Sendable {
    var items: [FieldValueChecks.Failure]
}
