import FakeProviderKit
import Foundation

/// What `GET /api/v2/deals` asks for, already validated.
struct PipedriveDealQuery: Sendable, Equatable {
    enum SortField: String, Sendable { case id, update_time, add_time }

    /// `open`, `won`, `lost`, `deleted`. Empty = every not deleted deal.
    var statuses: Set<String> = []
    var ownerID: Int?
    var personID: Int?
    var orgID: Int?
    var pipelineID: Int?
    var stageID: Int?
    var ids: Set<Int>?
    var updatedSince: Int?
    var updatedUntil: Int?
    var sortBy: SortField = .id
    var descending = false
    var limit = 100
    var cursor: PipedriveCursor?

    func matches(_ deal: PipedriveDeal) -> Bool {
        if deal.isDeleted {
            guard statuses.contains("deleted") else { return false }
        } else if !statuses.isEmpty, !statuses.contains(deal.status) {
            return false
        }
        if let ownerID, deal.ownerID != ownerID { return false }
        if let personID, deal.personID != personID { return false }
        if let orgID, deal.orgID != orgID { return false }
        if let pipelineID, deal.pipelineID != pipelineID { return false }
        if let stageID, deal.stageID != stageID { return false }
        if let ids, !ids.contains(deal.id) { return false }
        if let updatedSince, deal.updateTime < updatedSince { return false }
        if let updatedUntil, deal.updateTime >= updatedUntil { return false }
        return true
    }
}

/// Opaque paging marker: the sort key and id of the last deal handed out, plus the sort it belongs to.
struct PipedriveCursor: Sendable, Equatable, Codable {
    var sortBy: String
    var direction: String
    var key: Int
    var id: Int

    enum CodingKeys: String, CodingKey {
        case sortBy = "s", direction = "d", key = "k", id = "i"
    }

    var encoded: String { OpaqueCursor.encode(self) }

    static func decode(_ text: String) -> PipedriveCursor? { OpaqueCursor.decode(PipedriveCursor.self, text) }
}

/// All deals of the emulated company. Deal ids are 1...n in creation order; deleting only flags a
/// deal (Pipedrive keeps deleted deals for 30 days).
public actor PipedriveDealStore {
    private var deals: RecordTable<Int, PipedriveDeal>
    /// Deals looked at by the last `list` (a page starts at its cursor, found by binary search).
    public private(set) var lastScanned = 0

    private let catalog: PipedriveCatalog

    init(seedCount: Int, catalog: PipedriveCatalog) {
        self.catalog = catalog
        deals = RecordTable(PipedriveSeed.deals(count: seedCount, catalog: catalog), id: \.id, orders: [
            PipedriveDealQuery.SortField.id.rawValue: { Int64($0.id) },
            PipedriveDealQuery.SortField.add_time.rawValue: { Int64($0.addTime) },
            PipedriveDealQuery.SortField.update_time.rawValue: { Int64($0.updateTime) },
        ])
    }

    // MARK: - Reads

    /// A deal by id, including soft-deleted ones.
    public func deal(id: Int) -> PipedriveDeal? { deals[id] }

    /// Deals that are not deleted.
    public var liveDealCount: Int { deals.count(cacheKey: "live") { !$0.isDeleted } }

    /// All deals ever stored (live and deleted).
    public var totalDealCount: Int { deals.count }

    /// One page of deals and the cursor of the next page (nil at the end).
    func list(_ query: PipedriveDealQuery) -> (deals: [PipedriveDeal], nextCursor: String?) {
        let start = query.cursor.map { PageStart.after(key: Int64($0.key), id: $0.id) } ?? .first
        let scan = deals.page(query.sortBy.rawValue, from: start, descending: query.descending,
                              limit: query.limit, matches: query.matches)
        lastScanned = scan.scanned
        guard scan.hasMore, let last = scan.items.last else { return (scan.items, nil) }
        let cursor = PipedriveCursor(
            sortBy: query.sortBy.rawValue, direction: query.descending ? "desc" : "asc",
            key: sortKey(last, query.sortBy), id: last.id
        )
        return (scan.items, cursor.encoded)
    }

    // MARK: - Writes

    /// Creates a deal from a validated body.
    func create(_ input: PipedriveDealInput, now: Int) throws(PipedriveAPIError) -> PipedriveDeal {
        let owner = input.ownerID ?? PipedriveSeedData.users[0].id
        let pipelineID = input.stageID.flatMap { catalog.stage($0)?.pipelineID } ?? input.pipelineID ?? 1
        let stageID = input.stageID ?? catalog.firstStage(ofPipeline: pipelineID)?.id ?? 1
        var deal = PipedriveDeal(
            id: deals.count + 1, title: "", creatorUserID: PipedriveSeedData.users[0].id, ownerID: owner,
            personID: nil, orgID: nil, pipelineID: pipelineID, stageID: stageID, value: 0, currency: "USD",
            addTime: now, updateTime: now, stageChangeTime: nil, isDeleted: false, isArchived: false,
            archiveTime: nil, status: "open", probability: nil, lostReason: nil, visibleTo: 3, closeTime: nil,
            wonTime: nil, lostTime: nil, expectedCloseDate: nil, labelIDs: [], origin: "API", originID: nil,
            channel: nil, channelID: nil, customFields: [:]
        )
        try Self.apply(input, to: &deal, now: now, creating: true, catalog: catalog)
        deals.insert(deal)
        return deal
    }

    /// Applies a validated PATCH body. Unknown or deleted deals are 404.
    func update(id: Int, _ input: PipedriveDealInput, now: Int) throws(PipedriveAPIError) -> PipedriveDeal {
        guard var deal = deal(id: id), !deal.isDeleted else { throw .notFound() }
        try Self.apply(input, to: &deal, now: now, creating: false, catalog: catalog)
        deal.updateTime = max(now, deal.updateTime)
        deals.insert(deal)
        return deal
    }

    /// Soft-deletes a deal. Unknown or already deleted deals are 404.
    func delete(id: Int, now: Int) throws(PipedriveAPIError) -> Int {
        guard let deal = deal(id: id), !deal.isDeleted else { throw .notFound() }
        deals.update(id) { deal in
            deal.isDeleted = true
            deal.updateTime = max(now, deal.updateTime)
        }
        return id
    }

    // MARK: - Rules shared by create and update

    static func apply(_ input: PipedriveDealInput, to deal: inout PipedriveDeal, now: Int, creating: Bool, catalog: PipedriveCatalog) throws(PipedriveAPIError) {
        if let title = input.title { deal.title = title }
        if let owner = input.ownerID { deal.ownerID = owner }
        if let person = input.personID { deal.personID = person }
        if let org = input.orgID { deal.orgID = org }
        if let value = input.value { deal.value = value }
        if let currency = input.currency { deal.currency = currency }
        if let visibleTo = input.visibleTo { deal.visibleTo = visibleTo }
        if let probability = input.probability { deal.probability = probability }
        if let date = input.expectedCloseDate { deal.expectedCloseDate = date }
        if let labels = input.labelIDs { deal.labelIDs = labels }

        // Pipeline and stage: a stage implies its pipeline; a pipeline alone moves the deal to its first stage.
        let oldStage = deal.stageID
        if let stageID = input.stageID, let stage = catalog.stage(stageID) {
            deal.stageID = stage.id
            deal.pipelineID = stage.pipelineID
        } else if let pipelineID = input.pipelineID, pipelineID != deal.pipelineID,
                  let first = catalog.firstStage(ofPipeline: pipelineID) {
            deal.pipelineID = pipelineID
            deal.stageID = first.id
        }
        if !creating, deal.stageID != oldStage { deal.stageChangeTime = now }

        // Status and the times that go with it.
        let newStatus = input.status ?? deal.status
        if newStatus != deal.status || (creating && newStatus != "open") {
            switch newStatus {
            case "won":
                deal.wonTime = now; deal.closeTime = now; deal.lostTime = nil; deal.lostReason = nil
            case "lost":
                deal.lostTime = now; deal.closeTime = now; deal.wonTime = nil
            default:
                deal.wonTime = nil; deal.lostTime = nil; deal.closeTime = nil; deal.lostReason = nil
            }
            deal.status = newStatus
        }
        if let reason = input.lostReason {
            if reason != nil, newStatus != "lost" {
                throw .badRequest("Validation failed: lost_reason: can only be set if deal status is lost")
            }
            deal.lostReason = reason
        }
        if let won = input.wonTime {
            if won != nil, newStatus != "won" {
                throw .badRequest("Validation failed: won_time: can only be set if deal status is won")
            }
            deal.wonTime = won
            if input.closeTime == nil, let won { deal.closeTime = won }
        }
        if let lost = input.lostTime {
            if lost != nil, newStatus != "lost" {
                throw .badRequest("Validation failed: lost_time: can only be set if deal status is lost")
            }
            deal.lostTime = lost
            if input.closeTime == nil, let lost { deal.closeTime = lost }
        }
        if let close = input.closeTime {
            if close != nil, newStatus == "open" {
                throw .badRequest("Validation failed: close_time: can only be set if deal status is won or lost")
            }
            deal.closeTime = close
        }

        if let archived = input.isArchived {
            deal.isArchived = archived
            deal.archiveTime = archived ? (input.archiveTime ?? nil) ?? deal.archiveTime ?? now : nil
        } else if let archiveTime = input.archiveTime {
            deal.archiveTime = archiveTime
        }

        for (key, value) in input.customFields {
            deal.customFields[key] = value
        }
    }

    // MARK: - Ordering

    private func sortKey(_ deal: PipedriveDeal, _ sortBy: PipedriveDealQuery.SortField) -> Int {
        switch sortBy {
        case .id: return deal.id
        case .add_time: return deal.addTime
        case .update_time: return deal.updateTime
        }
    }
}
