import FakeProviderKit
import Foundation

/// All opportunities and contacts of the emulated location, plus a few records of another location.
///
/// Search walks the opportunities by `(createdAt, id)`; a search cursor `(startAfter, startAfterId)`
/// is found by binary search, so each page costs O(log n + page scan).
public actor HighLevelOpportunityStore {
    static let searchOrder = "createdAt"

    public nonisolated let locationId: String
    /// The location's opportunities, and the ids of the other location's (403, not 400).
    private var tenant: TenantRecords<String>
    private var opportunities: RecordCollection<String> { tenant.records }
    /// Ids of the other location's records, sorted.
    var foreignIds: [String] { tenant.foreignIDs.sorted() }
    private var contacts: [String: HighLevelContact] = [:]
    /// Contact ids in seed order.
    private(set) var contactIds: [String] = []
    private var generator = SeededGenerator(seed: 0x5EED_C4EA7E)

    private let catalog: HighLevelCatalog

    init(locationId: String, seedCount: Int, catalog: HighLevelCatalog) throws {
        self.locationId = locationId
        self.catalog = catalog
        let pool = try HighLevelSeed.contacts(seedCount: seedCount, catalog: catalog)
        for contact in pool + catalog.namedContacts { contacts[contact.id] = contact }
        contactIds = pool.map(\.id) + catalog.namedContacts.map(\.id)
        let seeded = try HighLevelSeed.opportunities(locationId: locationId, count: seedCount, contacts: pool, catalog: catalog)
        tenant = TenantRecords(try RecordCollection(seeded, shape: catalog.opportunity.shape),
                               foreignIDs: try HighLevelSeed.foreignIds(contacts: pool, catalog: catalog),
                               forbidden: .named("locationForbidden"), missing: .named("opportunityNotFound"))
    }

    // MARK: - Reads

    var count: Int { opportunities.count }

    /// The location's opportunity; 403 for the other location's, 400 for an unknown id.
    func own(_ id: String) throws -> HighLevelOpportunity { try tenant.record(id) }

    func opportunity(id: String) -> HighLevelOpportunity? { opportunities[id] }
    func contact(id: String) -> HighLevelContact? { contacts[id] }
    func contact(of opportunity: HighLevelOpportunity?) -> HighLevelContact? { opportunity?.string("contactId").flatMap { contacts[$0] } }

    func search(_ query: HighLevelSearchQuery) -> HighLevelSearchPage {
        // Without an id, the cursor passes every record at that millisecond; without a time, the record's is used.
        let start = opportunities.start(afterKey: query.startAfter, id: query.startAfterId, order: Self.searchOrder)
        let isFirst = if case .first = start { true } else { false }
        let matches = { (record: HighLevelOpportunity) in query.matches(record, contact: self.contact(of: record)) }
        let scan = opportunities.page(Self.searchOrder, from: start, descending: query.descending, limit: query.limit,
                                      skip: isFirst ? (query.page - 1) * query.limit : 0, matches: matches)
        let total = query.hasFilters
            ? tenant.count(cacheKey: query.filter.signature + "\u{1}" + (query.text ?? ""), where: matches) : opportunities.count
        return HighLevelSearchPage(opportunities: scan.items.map { ($0, contact(of: $0)) }, total: total,
                                   hasMore: scan.hasMore, scanned: scan.scanned)
    }

    // MARK: - Writes

    /// `POST /opportunities/`. The caller has checked `locationId`.
    func create(_ input: HighLevelOpportunityInput, now: Int64) throws -> HighLevelOpportunity {
        var values = input.values
        guard let pipelineId = values["pipelineId"]?.string, let status = values["status"]?.string,
              let contactId = values["contactId"]?.string else { throw HighLevelErrors.unprocessable(["invalid body"]) }
        try Self.refuseFilterOnlyStatus(status)
        let (_, stageId) = try Self.place(pipelineId, values["pipelineStageId"]?.string, current: nil, catalog: catalog)
        guard contacts[contactId] != nil else { throw FakeError.badRequest("Contact not found") }

        let id = tenant.freshID { generator.alphanumericID() }
        var fields: [String: RecordValue] = [:]
        for (field, value) in input.customFields ?? [] { fields[field.id] = value }
        values["pipelineStageId"] = .string(stageId)
        values["locationId"] = .string(locationId)
        let stamp = RecordValue.int64(now)
        var opportunity = HighLevelOpportunity(shape: catalog.opportunity.shape, [
            "id": .string(id), "lastStatusChangeAt": stamp, "lastStageChangeAt": stamp, "createdAt": stamp, "updatedAt": stamp,
            "customFields": .object(fields),
        ])
        opportunity.apply(values)
        opportunity["followers"] = .array(opportunity["assignedTo"].isNull ? [] : [opportunity["assignedTo"]])
        tenant.insert(opportunity)
        return opportunity
    }

    /// `PUT /opportunities/{id}`: only the members present change. The opportunity before and after.
    func update(id: String, _ input: HighLevelOpportunityInput, now: Int64) throws -> (old: HighLevelOpportunity, new: HighLevelOpportunity) {
        try tenant.update(id, now: now) { opportunity in try Self.apply(input, to: &opportunity, now: now, catalog: catalog) }
    }

    /// `PUT /opportunities/{id}/status`. The opportunity before and after.
    func updateStatus(id: String, status: String, lostReasonId: String?, now: Int64) throws -> (old: HighLevelOpportunity, new: HighLevelOpportunity) {
        try tenant.update(id, now: now) { opportunity in
            try Self.refuseFilterOnlyStatus(status)
            let old = opportunity
            opportunity["status"] = .string(status)
            if let lostReasonId { opportunity["lostReasonId"] = .string(lostReasonId) }
            catalog.opportunity.changeStamps.stamp(&opportunity, from: old, now: now)
        }
    }

    /// `DELETE /opportunities/{id}`; the opportunity removed.
    @discardableResult
    func delete(id: String) throws -> HighLevelOpportunity { try tenant.delete(id, now: 0) }

    /// The members present in an update body change; a new pipeline without a stage moves to its first stage.
    private static func apply(_ input: HighLevelOpportunityInput, to opportunity: inout HighLevelOpportunity, now: Int64,
                              catalog: HighLevelCatalog) throws {
        var values = input.values
        if let status = values["status"]?.string { try Self.refuseFilterOnlyStatus(status) }
        let old = opportunity
        let (pipeline, stageId) = try Self.place(values.removeValue(forKey: "pipelineId")?.string,
                                                 values.removeValue(forKey: "pipelineStageId")?.string,
                                                 current: (old.string("pipelineId") ?? "", old.string("pipelineStageId") ?? ""), catalog: catalog)
        values["pipelineId"] = .string(pipeline.id)
        values["pipelineStageId"] = .string(stageId)
        opportunity.apply(values)
        var custom = opportunity["customFields"].object ?? [:]
        for (field, value) in input.customFields ?? [] { custom[field.id] = value }
        opportunity["customFields"] = .object(custom)
        catalog.opportunity.changeStamps.stamp(&opportunity, from: old, now: now)
    }

    /// The pipeline and stage a write names (`Pipelines.place`), in HighLevel's 400s.
    private static func place(_ pipeline: String?, _ stage: String?, current: (pipeline: String, stage: String)?,
                              catalog: HighLevelCatalog) throws -> (Pipelines<String>.Pipeline, String) {
        do {
            let placed = try catalog.pipelines.placementInPipeline(pipeline: pipeline, stage: stage, current: current)
            return (placed.pipeline, placed.stage ?? "")
        } catch {
            switch error {
            case .unknownPipeline: throw FakeError.badRequest("Pipeline not found")
            case .stageNotInPipeline(_, let pipeline): throw FakeError.badRequest("Pipeline stage not found in pipeline \(pipeline)")
            }
        }
    }

    /// The spec's write enums include `all`, a search filter value; the emulator does not store it.
    private static func refuseFilterOnlyStatus(_ status: String) throws {
        if status == "all" {
            throw FakeError.badRequest("status 'all' is a search filter value and cannot be stored on an opportunity")
        }
    }
}
