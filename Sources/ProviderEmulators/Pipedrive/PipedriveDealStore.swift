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

/// All deals of the emulated company. Deal ids are 1...n in creation order, so a deal lives at
/// index `id - 1`; deleting only flags it (Pipedrive keeps deleted deals for 30 days).
public actor PipedriveDealStore {
    private var deals: [PipedriveDeal]
    /// Bumped on every write; sorted indexes are rebuilt lazily when it changes.
    private var version = 0
    private var sortedByAddTime: (version: Int, ids: [Int])?
    private var sortedByUpdateTime: (version: Int, ids: [Int])?
    private var liveCount: Int
    /// Deals looked at by the last `list` (a page starts at its cursor, found by binary search).
    public private(set) var lastScanned = 0

    private let catalog: PipedriveCatalog

    init(seedCount: Int, catalog: PipedriveCatalog) {
        self.catalog = catalog
        let seeded = PipedriveSeed.deals(count: seedCount, catalog: catalog)
        deals = seeded
        liveCount = seeded.count
    }

    // MARK: - Reads

    /// A deal by id, including soft-deleted ones.
    public func deal(id: Int) -> PipedriveDeal? {
        guard id >= 1, id <= deals.count else { return nil }
        return deals[id - 1]
    }

    /// Deals that are not deleted.
    public var liveDealCount: Int { liveCount }

    /// All deals ever stored (live and deleted).
    public var totalDealCount: Int { deals.count }

    /// One page of deals and the cursor of the next page (nil at the end).
    func list(_ query: PipedriveDealQuery) -> (deals: [PipedriveDeal], nextCursor: String?) {
        let order = orderedIDs(query.sortBy)
        let n = order?.count ?? deals.count
        @inline(__always) func idAt(_ i: Int) -> Int { order?[i] ?? (i + 1) }

        // Position of the first candidate.
        let index: Int
        if let cursor = query.cursor {
            index = query.descending
                ? lastIndexBefore(key: cursor.key, id: cursor.id, sortBy: query.sortBy, order: order, count: n)
                : firstIndexAfter(key: cursor.key, id: cursor.id, sortBy: query.sortBy, order: order, count: n)
        } else {
            index = query.descending ? n - 1 : 0
        }
        let step = query.descending ? -1 : 1

        var page: [PipedriveDeal] = []
        page.reserveCapacity(min(query.limit, 500))
        var hasMore = false
        if let ids = query.ids, ids.count <= 100 {
            // Few explicit ids: no need to scan everything, but keep the requested ordering.
            let candidates = ids.compactMap { deal(id: $0) }.filter(query.matches).sorted {
                let a = (sortKey($0, query.sortBy), $0.id), b = (sortKey($1, query.sortBy), $1.id)
                return query.descending ? a > b : a < b
            }
            let remaining = candidates.drop { d in
                guard let c = query.cursor else { return false }
                let k = (sortKey(d, query.sortBy), d.id)
                return query.descending ? k >= (c.key, c.id) : k <= (c.key, c.id)
            }
            page = Array(remaining.prefix(query.limit))
            hasMore = remaining.count > query.limit
            lastScanned = candidates.count
        } else {
            let scan = PageScan(from: index, step: step, count: n, limit: query.limit,
                                item: { deals[idAt($0) - 1] }, matches: query.matches)
            page = scan.items
            hasMore = scan.hasMore
            lastScanned = scan.scanned
        }
        guard hasMore, let last = page.last else { return (page, nil) }
        let cursor = PipedriveCursor(
            sortBy: query.sortBy.rawValue, direction: query.descending ? "desc" : "asc",
            key: sortKey(last, query.sortBy), id: last.id
        )
        return (page, cursor.encoded)
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
        deals.append(deal)
        liveCount += 1
        version += 1
        return deal
    }

    /// Applies a validated PATCH body. Unknown or deleted deals are 404.
    func update(id: Int, _ input: PipedriveDealInput, now: Int) throws(PipedriveAPIError) -> PipedriveDeal {
        guard var deal = deal(id: id), !deal.isDeleted else { throw .notFound() }
        try Self.apply(input, to: &deal, now: now, creating: false, catalog: catalog)
        deal.updateTime = max(now, deal.updateTime)
        deals[id - 1] = deal
        version += 1
        return deal
    }

    /// Soft-deletes a deal. Unknown or already deleted deals are 404.
    func delete(id: Int, now: Int) throws(PipedriveAPIError) -> Int {
        guard var deal = deal(id: id), !deal.isDeleted else { throw .notFound() }
        deal.isDeleted = true
        deal.updateTime = max(now, deal.updateTime)
        deals[id - 1] = deal
        liveCount -= 1
        version += 1
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

    /// Ids ordered ascending by (sort key, id); nil for `id` (the storage order already is).
    private func orderedIDs(_ sortBy: PipedriveDealQuery.SortField) -> [Int]? {
        switch sortBy {
        case .id:
            return nil
        case .add_time:
            if let cached = sortedByAddTime, cached.version == version { return cached.ids }
            let ids = deals.indices.sorted { (deals[$0].addTime, $0) < (deals[$1].addTime, $1) }.map { $0 + 1 }
            sortedByAddTime = (version, ids)
            return ids
        case .update_time:
            if let cached = sortedByUpdateTime, cached.version == version { return cached.ids }
            let ids = deals.indices.sorted { (deals[$0].updateTime, $0) < (deals[$1].updateTime, $1) }.map { $0 + 1 }
            sortedByUpdateTime = (version, ids)
            return ids
        }
    }

    /// First index whose (key, id) is strictly greater than (key, id).
    private func firstIndexAfter(key: Int, id: Int, sortBy: PipedriveDealQuery.SortField, order: [Int]?, count: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            let d = deals[(order?[mid] ?? (mid + 1)) - 1]
            if (sortKey(d, sortBy), d.id) <= (key, id) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Last index whose (key, id) is strictly smaller than (key, id); -1 when none.
    private func lastIndexBefore(key: Int, id: Int, sortBy: PipedriveDealQuery.SortField, order: [Int]?, count: Int) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            let d = deals[(order?[mid] ?? (mid + 1)) - 1]
            if (sortKey(d, sortBy), d.id) < (key, id) { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }
}
