import FakeProviderKit
import Foundation

/// The account's deal properties and HubSpot's rules for writing them. The definitions come from
/// `definitions.json` (`HubSpotCatalog`), the checks from `property-checks.json`.
public struct HubSpotDealProperties: Sendable {
    /// Every deal property, in `definitions.json` order.
    public let definitions: FieldDefinitions
    private let byName: [String: FieldDefinitions.Field]
    private let pipelines: Pipelines<String>
    private let checks: FieldValueChecks
    /// Whether `pipeline`/`dealstage` are placed together (deals); other objects' properties are checked one by one.
    private let placesStages: Bool

    /// Which properties a deal's JSON carries without a `properties` parameter (`default`), with one besides those it
    /// names (`always`), and which HubSpot computes (`returned-properties.json`).
    let returned: Returned
    struct Returned: Sendable, Decodable { let `default`: [String], always: [String], calculated: DerivedValues }

    init(_ definitions: FieldDefinitions, pipelines: Pipelines<String>, ownerIDs: [String], fixtures: ProviderFixtures,
         placesStages: Bool = true) throws {
        let owners = Set(ownerIDs)
        self.placesStages = placesStages
        checks = try FieldValueChecks(fixtures: fixtures, file: "property-checks.json", extra: [
            "datetime": { value, _ in value.string.flatMap(HubSpotTime.parse).map { .string(HubSpotTime.iso($0)) } },
            "midnightDate": { value, _ in
                value.string.flatMap(HubSpotTime.parse).flatMap { $0 % 86_400_000 == 0 ? .string(String(HubSpotTime.iso($0).prefix(10))) : nil }
            },
            "owner": { value, _ in value.string.map(owners.contains) == true ? value : nil },
            "email": { value, _ in value.string.flatMap(HubSpotTime.email) },
        ])
        returned = try fixtures.decode(Returned.self, "returned-properties.json")
        (self.definitions, self.pipelines) = (definitions, pipelines)
        byName = Dictionary(definitions.all.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The custom deal properties (no `hubspotDefined` flag).
    public var custom: [FieldDefinitions.Field] { definitions.custom }
    public func definition(_ name: String) -> FieldDefinitions.Field? { byName[name] }

    /// A calculated property's value for a deal's stored properties.
    func calculated(_ name: String, stored: [String: String], contactCount: Int) -> String? {
        returned.calculated.value(name, stored: stored, counts: ["contacts": contactCount]) { pipelines.stage($0)?.members }
    }

    /// Checks and normalises a create's (`existing == nil`) or update's property values (`.null` clears): the values to
    /// store (nil: remove) or every failure HubSpot would report. The stage must belong to the deal's new or current
    /// pipeline; a new deal without `pipeline` goes to the default one (deals guide).
    func validate(_ input: [(key: String, value: RecordValue)], existing: [String: String]?) -> Result<[String: String?], HubSpotPropertyFailures> {
        let checked = checks.check(input, field: definition, readOnly: \.readOnlyValue)
        var (output, failures) = (checked.values.mapValues { $0.isNull ? nil : ($0.string ?? $0.messageText) }, checked.failures)
        let (pipelineInput, stageInput) = (output["pipeline"], output["dealstage"])
        if placesStages, existing == nil || pipelineInput != nil || stageInput != nil {
            do throws(PlacementProblem<String>) {
                let placed = try pipelines.placementInPipeline(pipeline: pipelineInput ?? nil, stage: stageInput ?? existing?["dealstage"],
                                                               current: existing.map { ($0["pipeline"] ?? "", $0["dealstage"] ?? "") })
                if existing == nil, pipelineInput == nil { output["pipeline"] = placed.pipeline.id }
            } catch {
                switch error {
                case .unknownPipeline(let id): failures.append(invalidOption("pipeline", id))
                case .stageNotInPipeline(let stage, let pipeline):
                    let stages = (pipelines.pipeline(pipeline)?.stages ?? []).map {
                        FieldDefinitions.Option(value: .string($0.id), label: $0.label, order: $0.order)
                    }
                    failures.append(invalidOption("dealstage", stage, allowed: stages))
                }
            }
        }
        return failures.isEmpty ? .success(output) : .failure(HubSpotPropertyFailures(items: failures))
    }

    /// `INVALID_OPTION` for property `name`, listing `allowed` (its options by default).
    private func invalidOption(_ name: String, _ value: String, allowed: [FieldDefinitions.Option]? = nil) -> FieldValueChecks.Failure {
        let field = definition(name)!
        return checks.failure(ofType: "enumeration", field: field, value: .string(value), options: allowed ?? field.options)!
    }
}

/// The timestamps HubSpot writes (`YYYY-MM-DDThh:mm:ss.sssZ`) and the forms it accepts for `date`/`datetime` properties:
/// epoch milliseconds, `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset; blanks around ignored.
public enum HubSpotTime {
    public static func iso(_ millis: Int64) -> String { TimeText.iso8601Milliseconds.text(millis) }
    public static func parse(_ raw: String) -> Int64? {
        TimeText.parse(raw.trimmingCharacters(in: .whitespaces), as: [.epochMilliseconds, .date, .iso8601])
    }

    /// An email address as the emulator accepts it (one `@`, a dotted domain, no blanks), trimmed; nil otherwise.
    static func email(_ raw: String) -> RecordValue? {
        let text = raw.trimmingCharacters(in: .whitespaces), parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !text.contains(where: \.isWhitespace) else { return nil }
        return .string(text)
    }
}

/// HubSpot's property metadata (`Property.modificationMetadata.readOnlyValue`): writes are rejected.
extension FieldDefinitions.Field {
    public var readOnlyValue: Bool { member("modificationMetadata", "readOnlyValue")?.bool ?? false }
}

/// Validation failures for one create/update request.
struct HubSpotPropertyFailures: Error, Sendable { var items: [FieldValueChecks.Failure] }
