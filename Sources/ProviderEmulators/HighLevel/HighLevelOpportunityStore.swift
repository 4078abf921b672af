import FakeProviderKit
import Foundation

/// All opportunities of the emulated location (a kit `RecordStore` of one tenant), and the ids of a
/// few records of another location (403, not 400). Search walks them by `(createdAt, id)`; a search
/// cursor `(startAfter, startAfterId)` is found by binary search, so each page costs O(log n + page scan).
public typealias HighLevelOpportunityStore = RecordStore<String>

/// The location's contacts (seeded, then unchanged): the pool opportunities link to and the named ones.
public struct HighLevelContacts: Sendable {
    private let byID: [String: HighLevelContact]
    /// Contact ids in seed order, the named contacts last.
    let ids: [String]

    init(_ contacts: [HighLevelContact]) {
        byID = Dictionary(contacts.map { ($0.id, $0) }) { $1 }
        ids = contacts.map(\.id)
    }

    func contact(id: String) -> HighLevelContact? { byID[id] }
    func contact(of opportunity: HighLevelOpportunity?) -> HighLevelContact? { opportunity?.string("contactId").flatMap { byID[$0] } }
}

extension RecordStore where ID == String {
    /// The seeded opportunities of `locationId` (`seed-recipe.json`) linked to `pool`, and the other location's ids.
    init(locationId: String, seedCount: Int, pool: [HighLevelContact], catalog: HighLevelCatalog) throws {
        let foreign = catalog.account.foreignLocation
        let foreignIDs = try catalog.seededOpportunities(locationId: foreign.id, count: foreign.count, contacts: pool,
                                                         seed: SeedRecipe.seed(hex: foreign.seed)).compactMap { $0.string("id") }
        try self.init(try catalog.seededOpportunities(locationId: locationId, count: seedCount, contacts: pool), shape: catalog.opportunity.shape,
                      foreignIDs: foreignIDs, forbidden: .named("locationForbidden"), missing: .named("opportunityNotFound"), idSeed: 0x5EED_C4EA7E)
    }

    /// Ids of the other location's records, sorted.
    var foreignIds: [String] { foreignIDs.sorted() }

    func opportunity(id: String) -> HighLevelOpportunity? { record(id) }

    func search(_ query: HighLevelSearchQuery, contacts: HighLevelContacts) -> HighLevelSearchPage {
        // Without an id, the cursor passes every record at that millisecond; without a time, the record's is used.
        let matches = { @Sendable (record: HighLevelOpportunity) in query.matches(record, contact: contacts.contact(of: record)) }
        let scan = page("createdAt", afterKey: query.startAfter, id: query.startAfterId, descending: query.descending, limit: query.limit,
                        skipOnFirst: (query.page - 1) * query.limit, matches: matches)
        let total = query.hasFilters ? count(cacheKey: query.filter.signature + "\u{1}" + (query.text ?? ""), where: matches) : count
        return HighLevelSearchPage(opportunities: scan.items.map { ($0, contacts.contact(of: $0)) }, total: total,
                                   hasMore: scan.hasMore, scanned: scan.scanned)
    }
}

/// Opportunity writes: pipeline placement, custom fields, change stamps and the refused `all` status.
extension HighLevelCatalog {
    /// `POST /opportunities/`. The caller has checked `locationId`.
    func create(_ input: HighLevelOpportunityInput, locationId: String, contacts: HighLevelContacts, in store: HighLevelOpportunityStore,
                now: Int64) async throws -> HighLevelOpportunity {
        var values = input.values
        guard let pipelineId = values["pipelineId"]?.string, let status = values["status"]?.string,
              let contactId = values["contactId"]?.string else { throw HighLevelErrors.unprocessable(["invalid body"]) }
        try Self.refuseFilterOnlyStatus(status)
        let (_, stageId) = try place(pipelineId, values["pipelineStageId"]?.string, current: nil)
        guard contacts.contact(id: contactId) != nil else { throw FakeError.named("contactNotFound") }
        values["pipelineStageId"] = .string(stageId)
        values["locationId"] = .string(locationId)
        var fields: [String: RecordValue] = [:]
        for (field, value) in input.customFields ?? [] { fields[field.id] = value }
        let (shape, stamp, custom, written) = (opportunity.shape, RecordValue.int64(now), fields, values)
        return await store.create(freshID: { $0.alphanumericID() }) { id in
            var opportunity = HighLevelOpportunity(shape: shape, [
                "id": .string(id), "lastStatusChangeAt": stamp, "lastStageChangeAt": stamp, "createdAt": stamp, "updatedAt": stamp,
                "customFields": .object(custom),
            ])
            opportunity.apply(written)
            opportunity["followers"] = .array(opportunity["assignedTo"].isNull ? [] : [opportunity["assignedTo"]])
            return opportunity
        }
    }

    /// `PUT /opportunities/{id}`: only the members present change; a new pipeline without a stage moves to its first stage.
    func update(id: String, _ input: HighLevelOpportunityInput, in store: HighLevelOpportunityStore,
                now: Int64) async throws -> (old: HighLevelOpportunity, new: HighLevelOpportunity) {
        try await store.updateOwn(id, now: now) { [self] opportunity in
            var values = input.values
            if let status = values["status"]?.string { try Self.refuseFilterOnlyStatus(status) }
            let old = opportunity
            let (pipeline, stageId) = try place(values.removeValue(forKey: "pipelineId")?.string, values.removeValue(forKey: "pipelineStageId")?.string,
                                                current: (old.string("pipelineId") ?? "", old.string("pipelineStageId") ?? ""))
            values["pipelineId"] = .string(pipeline.id)
            values["pipelineStageId"] = .string(stageId)
            opportunity.apply(values)
            var custom = opportunity["customFields"].object ?? [:]
            for (field, value) in input.customFields ?? [] { custom[field.id] = value }
            opportunity["customFields"] = .object(custom)
            self.opportunity.changeStamps.stamp(&opportunity, from: old, now: now)
        }
    }

    /// `PUT /opportunities/{id}/status`. The opportunity before and after.
    func updateStatus(id: String, status: String, lostReasonId: String?, in store: HighLevelOpportunityStore,
                      now: Int64) async throws -> (old: HighLevelOpportunity, new: HighLevelOpportunity) {
        try await store.updateOwn(id, now: now) { [self] opportunity in
            try Self.refuseFilterOnlyStatus(status)
            let old = opportunity
            opportunity["status"] = .string(status)
            if let lostReasonId { opportunity["lostReasonId"] = .string(lostReasonId) }
            self.opportunity.changeStamps.stamp(&opportunity, from: old, now: now)
        }
    }

    /// The pipeline and stage a write names (`Pipelines.placementInPipeline`), its problems in `answers.json`'s words.
    private func place(_ pipeline: String?, _ stage: String?, current: (pipeline: String, stage: String)?) throws -> (Pipelines<String>.Pipeline, String) {
        do {
            let placed = try pipelines.placementInPipeline(pipeline: pipeline, stage: stage, current: current)
            return (placed.pipeline, placed.stage ?? "")
        } catch { throw error.error }
    }

    /// The spec's write enums include `all`, a search filter value; the emulator does not store it.
    private static func refuseFilterOnlyStatus(_ status: String) throws {
        if status == "all" { throw FakeError.named("statusNotStorable") }
    }
}
