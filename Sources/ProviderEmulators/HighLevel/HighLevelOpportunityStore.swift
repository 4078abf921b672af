import FakeProviderKit
import Foundation

/// All opportunities and contacts of the emulated location, plus a few records of another location.
///
/// Search walks the opportunities by `(createdAt, id)`; a search cursor `(startAfter, startAfterId)`
/// is found by binary search, so each page costs O(log n + page scan).
public actor HighLevelOpportunityStore {
    /// Where a looked-up id lives.
    enum Lookup {
        case found(HighLevelOpportunity)
        /// The record exists but belongs to another location.
        case foreign
        case missing
    }

    static let searchOrder = "createdAt"

    public nonisolated let locationId: String
    private var opportunities: RecordTable<String, HighLevelOpportunity>
    /// Ids of the other location's records.
    let foreignIds: [String]
    private var contacts: [String: HighLevelContact] = [:]
    /// Contact ids in seed order.
    private(set) var contactIds: [String] = []
    private var generator = SeededGenerator(seed: 0x5EED_C4EA7E)

    private let catalog: HighLevelCatalog

    init(locationId: String, seedCount: Int, catalog: HighLevelCatalog) {
        self.locationId = locationId
        self.catalog = catalog
        let pool = HighLevelSeed.contacts(count: max(50, min(seedCount, 5000)) + 5, words: catalog.seedWords)
        for contact in pool + catalog.namedContacts { contacts[contact.id] = contact }
        contactIds = pool.map(\.id) + catalog.namedContacts.map(\.id)
        let seeded = HighLevelSeed.opportunities(locationId: locationId, count: max(0, seedCount), contacts: pool, catalog: catalog)
        opportunities = RecordTable(seeded, id: \.id, orders: [Self.searchOrder: \.createdAt])
        foreignIds = HighLevelSeed.opportunities(
            locationId: HighLevelSeed.foreignLocationId, count: 3, contacts: pool, catalog: catalog, seed: 0xF0E1_6A).map(\.id).sorted()
    }

    // MARK: - Reads

    var count: Int { opportunities.count }

    func lookup(_ id: String) -> Lookup {
        if let opportunity = opportunities[id] { return .found(opportunity) }
        return foreignIds.contains(id) ? .foreign : .missing
    }

    func opportunity(id: String) -> HighLevelOpportunity? { opportunities[id] }
    func contact(id: String) -> HighLevelContact? { contacts[id] }

    func search(_ query: HighLevelSearchQuery) -> HighLevelSearchPage {
        var start = PageStart<String>.first
        if let startAfter = query.startAfter {
            // Without an id, the cursor passes every record at that millisecond.
            start = query.startAfterId.map { .after(key: startAfter, id: $0) } ?? .pastKey(startAfter)
        } else if let id = query.startAfterId, let record = opportunities[id] {
            // Only the id: take the timestamp from the record.
            start = .after(key: record.createdAt, id: id)
        }
        let isFirst = if case .first = start { true } else { false }
        let scan = opportunities.page(
            Self.searchOrder, from: start, descending: query.descending, limit: query.limit,
            skip: isFirst ? (query.page - 1) * query.limit : 0,
            matches: { query.matches($0, contact: contacts[$0.contactId]) })
        let total = query.hasFilters
            ? opportunities.count(cacheKey: query.filterSignature) { query.matches($0, contact: contacts[$0.contactId]) }
            : opportunities.count
        return HighLevelSearchPage(opportunities: scan.items.map { ($0, contacts[$0.contactId]) }, total: total,
                                   hasMore: scan.hasMore, scanned: scan.scanned)
    }

    // MARK: - Writes

    /// `POST /opportunities/`. The caller has checked `locationId`.
    func create(_ input: HighLevelOpportunityInput, now: Int64) throws -> HighLevelOpportunity {
        guard let pipelineId = input.pipelineId, let name = input.name, let status = input.status,
              let contactId = input.contactId else { throw HighLevelAPIError.unprocessable(["invalid body"]) }
        try Self.refuseFilterOnlyStatus(status)
        guard let pipeline = catalog.pipeline(id: pipelineId) else {
            throw HighLevelAPIError.badRequest("Pipeline not found")
        }
        let stageId: String
        if let requested = input.pipelineStageId {
            guard pipeline.stage(id: requested) != nil else {
                throw HighLevelAPIError.badRequest("Pipeline stage not found in pipeline \(pipeline.id)")
            }
            stageId = requested
        } else {
            stageId = pipeline.stages[0].id
        }
        guard contacts[contactId] != nil else { throw HighLevelAPIError.badRequest("Contact not found") }

        var id = generator.recordID()
        while opportunities[id] != nil || foreignIds.contains(id) { id = generator.recordID() }
        var fields: [String: HighLevelFieldValue] = [:]
        for (field, value) in input.customFields ?? [] { fields[field.id] = value }
        let assignee = input.assignedTo ?? nil
        let opportunity = HighLevelOpportunity(
            id: id, name: name, monetaryValue: input.monetaryValue ?? 0,
            pipelineId: pipeline.id, pipelineStageId: stageId, assignedTo: assignee,
            status: status, source: input.source ?? "",
            lastStatusChangeAt: now, lastStageChangeAt: now, lastActionDate: nil,
            indexVersion: 1, createdAt: now, updatedAt: now,
            contactId: contactId, locationId: locationId, lostReasonId: nil,
            customFields: fields, followers: assignee.map { [$0] } ?? [])
        opportunities.insert(opportunity)
        return opportunity
    }

    /// `PUT /opportunities/{id}`: only the members present change.
    func update(id: String, _ input: HighLevelOpportunityInput, now: Int64) throws -> HighLevelOpportunity {
        guard var opportunity = try existing(id) else { throw HighLevelAPIError.opportunityNotFound }
        if let status = input.status { try Self.refuseFilterOnlyStatus(status) }
        var pipeline = catalog.pipeline(id: opportunity.pipelineId) ?? catalog.pipelines[0]
        var stageId = opportunity.pipelineStageId
        if let pipelineId = input.pipelineId, pipelineId != opportunity.pipelineId {
            guard let newPipeline = catalog.pipeline(id: pipelineId) else {
                throw HighLevelAPIError.badRequest("Pipeline not found")
            }
            pipeline = newPipeline
            stageId = newPipeline.stages[0].id
        }
        if let requested = input.pipelineStageId {
            guard pipeline.stage(id: requested) != nil else {
                throw HighLevelAPIError.badRequest("Pipeline stage not found in pipeline \(pipeline.id)")
            }
            stageId = requested
        }
        if pipeline.id != opportunity.pipelineId || stageId != opportunity.pipelineStageId {
            opportunity.lastStageChangeAt = now
        }
        opportunity.pipelineId = pipeline.id
        opportunity.pipelineStageId = stageId
        if let name = input.name { opportunity.name = name }
        if let status = input.status, status != opportunity.status {
            opportunity.status = status
            opportunity.lastStatusChangeAt = now
        }
        if let value = input.monetaryValue { opportunity.monetaryValue = value }
        if let assignee = input.assignedTo { opportunity.assignedTo = assignee }
        for (field, value) in input.customFields ?? [] { opportunity.customFields[field.id] = value }
        touch(&opportunity, now: now)
        return opportunity
    }

    /// `PUT /opportunities/{id}/status`.
    func updateStatus(id: String, status: String, lostReasonId: String?, now: Int64) throws {
        guard var opportunity = try existing(id) else { throw HighLevelAPIError.opportunityNotFound }
        try Self.refuseFilterOnlyStatus(status)
        if status != opportunity.status {
            opportunity.status = status
            opportunity.lastStatusChangeAt = now
        }
        if let lostReasonId { opportunity.lostReasonId = lostReasonId }
        touch(&opportunity, now: now)
    }

    /// `DELETE /opportunities/{id}`.
    func delete(id: String) throws {
        guard try existing(id) != nil else { throw HighLevelAPIError.opportunityNotFound }
        opportunities.remove(id)
    }

    private func existing(_ id: String) throws -> HighLevelOpportunity? {
        switch lookup(id) {
        case .found(let opportunity): return opportunity
        case .foreign: throw HighLevelAPIError.locationForbidden
        case .missing: return nil
        }
    }

    private func touch(_ opportunity: inout HighLevelOpportunity, now: Int64) {
        opportunity.updatedAt = max(now, opportunity.updatedAt)
        opportunity.indexVersion += 1
        opportunities.insert(opportunity)
    }

    /// The spec's write enums include `all`, a search filter value; the emulator does not store it.
    private static func refuseFilterOnlyStatus(_ status: String) throws {
        if status == "all" {
            throw HighLevelAPIError.badRequest("status 'all' is a search filter value and cannot be stored on an opportunity")
        }
    }
}
