import FakeProviderKit
import Foundation

/// The account's fixtures (`mappings/hubspot/fixtures`): pipelines (`pipelines.json`) and deal properties
/// (`definitions.json`) served as read, the seeded account, the stored deal and how bad queries are worded.
public struct HubSpotCatalog: Sendable {
    public let pipelines: Pipelines<String>
    public let properties: HubSpotDealProperties
    /// The seeded account (`account.json`).
    public let account: HubSpotAccount
    /// The stored deal (`records.json`) and its formats.
    let dealShape: RecordShape, dealFormats: ShapeFormats
    public let associations: AssociationTypes
    let seed: SeedRecipe, queryErrors: QueryProblemTexts

    public init(fixtures: ProviderFixtures) throws {
        pipelines = try Pipelines(fixtures: fixtures)
        account = try fixtures.decode(HubSpotAccount.self, "account.json")
        properties = try HubSpotDealProperties(try FieldDefinitions(fixtures: fixtures, name: "deal"), pipelines: pipelines,
                                               ownerIDs: account.ownerIds, fixtures: fixtures)
        (queryErrors, seed) = (try fixtures.decode(QueryProblemTexts.self, "query-errors.json"), try SeedRecipe(fixtures: fixtures))
        associations = try fixtures.decode(AssociationTypes.self, "associations.json")
        dealShape = try fixtures.shape("deal")
        dealFormats = ShapeFormats(shape: dealShape, formats: ["text": .text])
    }
}

/// The seeded account's facts: the `hubspot_owner_id` values a deal may carry, the first seeded deal id.
public struct HubSpotAccount: Sendable, Decodable { public let ownerIds: [String], firstDealId: Int }

/// HubSpot's errors; the envelope and the fixed errors are `answers.json`.
enum HubSpotErrors {
    static let named = ["unauthorized", "objectNotFound", "validation", "internal", "bodyNotObject", "propertiesMissing", "propertiesNotObject",
                        "propertyNotScalar", "conflict"]

    /// 404 for an unknown or archived record id.
    static func objectNotFound(id: String) -> FakeError { .named("objectNotFound", ["context": .object(["id": .array([.string(id)])])]) }

    /// 400 `VALIDATION_ERROR` with a message and the `errors` details (`ErrorDetail`).
    static func validation(_ message: String, errors: [RecordValue] = []) -> FakeError {
        .named("validation", errors.isEmpty ? ["message": .string(message)] : ["message": .string(message), "errors": .array(errors)])
    }

    /// 400 `VALIDATION_ERROR` for a bad query parameter, worded by `query-errors.json`.
    static func query(_ texts: QueryProblemTexts) -> @Sendable (QueryProblem) -> FakeError { { problem in
        let message = texts.text(problem)
        let detail = texts.code(problem).map { RecordValue.object(["message": .string(message), "code": .string($0), "in": .string(problem.name)]) }
        return validation(message, errors: detail.map { [$0] } ?? [])
    } }

    /// 400 `VALIDATION_ERROR` for property values: the `message` carries the per-property results as escaped JSON
    /// (members in HubSpot's order), `errors` repeats them with `code` and `context.propertyName`.
    static func propertyValues(_ failures: [FieldValueChecks.Failure], portalID: Int) -> FakeError {
        let inner = failures.map { failure in
            let value: [(String, Any)] = failure.value.map { [("propertyValue", $0)] } ?? []
            return FakeJSON.orderedObject([("isValid", false), ("message", failure.message), ("error", failure.code ?? ""), ("name", failure.key),
                                           ("localizedErrorMessage", failure.message)] + value + [("portalId", portalID)])
        }
        return validation("Property values were not valid: [" + inner.joined(separator: ",") + "]", errors: failures.map { failure in
            .object(["message": .string(failure.message), "code": .string(failure.code ?? ""),
                     "context": .object(["propertyName": .array([.string(failure.key)])])])
        })
    }
}
