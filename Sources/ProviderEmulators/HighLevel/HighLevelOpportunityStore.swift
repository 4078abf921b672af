import FakeProviderKit
import Foundation

/// All opportunities of the emulated location (a kit `RecordStore` of one tenant), and the ids of a
/// few records of another location (403, not 400). Search walks them by `(createdAt, id)`.
public typealias HighLevelOpportunityStore = RecordStore<String>

/// The location's contacts (seeded, never written), in seed order, the named ones last.
public struct HighLevelContacts: Sendable {
    let ids: [String]
    private let byID: [String: HighLevelContact]

    init(_ contacts: [HighLevelContact]) { ids = contacts.map { $0.string("id") ?? "" }; byID = Dictionary(zip(ids, contacts)) { $1 } }
    func contact(id: String) -> HighLevelContact? { byID[id] }
    func contact(of opportunity: HighLevelOpportunity?) -> HighLevelContact? { opportunity?.string("contactId").flatMap { byID[$0] } }
}

extension RecordStore where ID == String {
    /// The seeded opportunities of `locationId` linked to `pool`, and the other location's ids.
    init(locationId: String, seedCount: Int, pool: [HighLevelContact], catalog: HighLevelCatalog) throws {
        let foreign = catalog.account.foreignLocation
        let foreignIDs = try catalog.seededOpportunities(locationId: foreign.id, count: foreign.count, contacts: pool,
                                                         seed: SeedRecipe.seed(hex: foreign.seed)).compactMap { $0.string("id") }
        try self.init(try catalog.seededOpportunities(locationId: locationId, count: seedCount, contacts: pool), shape: catalog.opportunity,
                      foreignIDs: foreignIDs, forbidden: .named("locationForbidden"), missing: .named("opportunityNotFound"), idSeed: 0x5EED_C4EA7E)
    }

    /// Ids of the other location's records, sorted.
    var foreignIds: [String] { foreignIDs.sorted() }

    func opportunity(id: String) -> HighLevelOpportunity? { record(id) }
}

/// The seed (`seed-recipe.json`) and opportunity writes: placement, custom fields, stamps, the refused `all` status.
extension HighLevelCatalog {
    /// The pool of contacts for a seed of `count` opportunities.
    func seededContacts(count: Int) throws -> [HighLevelContact] { try seed.records("contacts", count: count).map { HighLevelContact(shape: contact, $0) } }

    /// `count` opportunities of `locationId`, sorted by creation (ties in no particular id order).
    func seededOpportunities(locationId: String, count: Int, contacts: [HighLevelContact], seed run: UInt64? = nil) throws -> [HighLevelOpportunity] {
        let pool = RecordValue.array(contacts.map { .object(["id": $0["id"], "companyName": $0["companyName"]]) })
        return try seed.records("opportunities", count: max(0, count), inputs: ["contacts": pool, "locationId": .string(locationId)],
                                seed: run).map { HighLevelOpportunity(shape: opportunity, $0) }
    }

    /// `POST /opportunities/` (`locationId` checked by the caller): `followers` starts as `[assignedTo]`.
    func create(_ input: HighLevelOpportunityInput, locationId: String, contacts: HighLevelContacts, in store: HighLevelOpportunityStore,
                now: Int64, contactExists: Bool = false) async throws -> HighLevelOpportunity {
        var values = input.values
        guard let pipelineId = values["pipelineId"]?.string, let contactId = values["contactId"]?.string,
              values["status"]?.string != nil else { throw HighLevelErrors.unprocessable(["invalid body"]) }
        try Self.refuseFilterOnlyStatus(values["status"]?.string)
        values["pipelineStageId"] = .string(try place(pipelineId, values["pipelineStageId"]?.string, current: nil).stage)
        guard contactExists || contacts.contact(id: contactId) != nil else { throw FakeError.named("contactNotFound") }
        values["locationId"] = .string(locationId)
        values["customFields"] = .object((input.customFields ?? []).reduce(into: [:]) { $0[$1.field.id] = $1.value })
        let (shape, written) = (opportunity, values)
        return await store.create(freshID: { $0.alphanumericID() }) { id in
            var opportunity = HighLevelOpportunity(shape: shape, written.merging(["id": .string(id)]) { $1 })
            shape.collection?.stampCreated(&opportunity, now: now)
            opportunity["followers"] = .array(opportunity["assignedTo"].isNull ? [] : [opportunity["assignedTo"]])
            return opportunity
        }
    }

    /// `PUT /opportunities/{id}` and `/status`: only the members present change; a new pipeline without a stage moves to its first stage.
    func update(id: String, _ input: HighLevelOpportunityInput, in store: HighLevelOpportunityStore,
                now: Int64) async throws -> (old: HighLevelOpportunity, new: HighLevelOpportunity) {
        try await store.updateOwn(id, now: now) { [self] opportunity in
            var values = input.values
            try Self.refuseFilterOnlyStatus(values["status"]?.string)
            let old = opportunity
            let place = try place(values["pipelineId"]?.string, values["pipelineStageId"]?.string,
                                  current: (old.string("pipelineId") ?? "", old.string("pipelineStageId") ?? ""))
            (values["pipelineId"], values["pipelineStageId"]) = (.string(place.pipeline), .string(place.stage))
            values["customFields"] = .object((input.customFields ?? []).reduce(into: old["customFields"].object ?? [:]) { $0[$1.field.id] = $1.value })
            opportunity.apply(values)
            changeStamps.stamp(&opportunity, from: old, now: now)
        }
    }

    /// The pipeline and stage a write names (`Pipelines.placementInPipeline`), its problems in `answers.json`'s words.
    private func place(_ pipeline: String?, _ stage: String?, current: (pipeline: String, stage: String)?) throws -> (pipeline: String, stage: String) {
        do {
            let placed = try pipelines.placementInPipeline(pipeline: pipeline, stage: stage, current: current)
            return (placed.pipeline.id, placed.stage ?? "")
        } catch { throw error.error }
    }

    /// The spec's write enums include `all`, a search filter value; the emulator does not store it.
    private static func refuseFilterOnlyStatus(_ status: String?) throws {
        if status == "all" { throw FakeError.named("statusNotStorable") }
    }
}
