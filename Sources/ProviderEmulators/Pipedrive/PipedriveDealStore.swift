import FakeProviderKit
import Foundation

/// What `GET /api/v2/deals` asks for, already validated.
struct PipedriveDealQuery: Sendable, Equatable {
    enum SortField: String, Sendable, CaseIterable { case id, update_time, add_time }

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
        if deal.bool("is_deleted") == true {
            guard statuses.contains("deleted") else { return false }
        } else if !statuses.isEmpty, !statuses.contains(deal.string("status") ?? "") {
            return false
        }
        for (name, wanted) in [("owner_id", ownerID), ("person_id", personID), ("org_id", orgID),
                               ("pipeline_id", pipelineID), ("stage_id", stageID)] {
            if let wanted, deal.int(name) != wanted { return false }
        }
        if let ids, !ids.contains(deal.int("id") ?? 0) { return false }
        let updated = deal.int("update_time") ?? 0
        if let updatedSince, updated < updatedSince { return false }
        if let updatedUntil, updated >= updatedUntil { return false }
        return true
    }
}

/// Opaque paging marker: the sort key and id of the last deal handed out, plus the sort it belongs to.
typealias PipedriveCursor = KeysetCursor

/// All deals of the emulated company. Deal ids are 1...n in creation order; deleting only flags a
/// deal (Pipedrive keeps deleted deals for 30 days).
public actor PipedriveDealStore {
    private var deals: RecordCollection<Int>
    /// Deals looked at by the last `list` (a page starts at its cursor, found by binary search).
    public private(set) var lastScanned = 0

    private let catalog: PipedriveCatalog

    init(seedCount: Int, catalog: PipedriveCatalog) throws {
        self.catalog = catalog
        deals = try RecordCollection(try PipedriveSeed.deals(count: seedCount, catalog: catalog), shape: catalog.deal.shape)
    }

    // MARK: - Reads

    /// A deal by id, including soft-deleted ones.
    public func deal(id: Int) -> PipedriveDeal? { deals[id] }

    /// Deals that are not deleted.
    public var liveDealCount: Int { deals.liveCount() }

    /// One page of deals and the cursor of the next page (nil at the end).
    func list(_ query: PipedriveDealQuery) -> (deals: [PipedriveDeal], nextCursor: String?) {
        let start = query.cursor?.start ?? .first
        let scan = deals.page(query.sortBy.rawValue, from: start, descending: query.descending,
                              limit: query.limit, matches: query.matches)
        lastScanned = scan.scanned
        guard scan.hasMore, let last = scan.items.last else { return (scan.items, nil) }
        let cursor = PipedriveCursor(
            sortBy: query.sortBy.rawValue, direction: query.descending ? "desc" : "asc",
            key: last.int(query.sortBy.rawValue) ?? 0, id: last.int("id") ?? 0
        )
        return (scan.items, cursor.encoded)
    }

    // MARK: - Writes

    /// Creates a deal from a checked body: the shape's defaults, then the body.
    func create(_ input: PipedriveDealInput, now: Int) throws(FakeError) -> PipedriveDeal {
        let stageInput = input.values["stage_id"]?.int
        let pipelineID = stageInput.flatMap { catalog.pipelines.stage($0)?.pipeline } ?? input.values["pipeline_id"]?.int ?? catalog.pipelines.first.id
        let stageID = stageInput ?? catalog.pipelines.pipeline(pipelineID)?.firstStage?.id ?? 1
        var deal = PipedriveDeal(shape: catalog.deal.shape, [
            "id": .int(deals.count + 1), "add_time": .int(now), "update_time": .int(now),
            "pipeline_id": .int(pipelineID), "stage_id": .int(stageID),
        ])
        try Self.apply(input, to: &deal, now: now, creating: true, catalog: catalog)
        deals.insert(deal)
        return deal
    }

    /// Applies a checked PATCH body; the deal before and after. Unknown or deleted deals are 404.
    func update(id: Int, _ input: PipedriveDealInput, now: Int) throws(FakeError) -> (old: PipedriveDeal, new: PipedriveDeal) {
        let catalog = catalog
        let changed = try deals.update(id, now: Int64(now)) { (deal) throws(FakeError) in
            try Self.apply(input, to: &deal, now: now, creating: false, catalog: catalog)
        }
        guard let changed else { throw .named("notFound") }
        return changed
    }

    /// Soft-deletes a deal (`records.json`'s collection rules); the deal as it was. Unknown or
    /// already deleted deals are 404.
    func delete(id: Int, now: Int) throws(FakeError) -> PipedriveDeal {
        guard let deal = deals.delete(id, now: Int64(now)) else { throw .named("notFound") }
        return deal
    }

    // MARK: - Rules shared by create and update

    /// Plain fields are stored as given; stage, pipeline, status, the close times and archiving
    /// follow Pipedrive's rules.
    static func apply(_ input: PipedriveDealInput, to deal: inout PipedriveDeal, now: Int, creating: Bool, catalog: PipedriveCatalog) throws(FakeError) {
        var plain = input.values
        let ruled = ["stage_id", "pipeline_id", "status", "lost_reason", "won_time", "lost_time", "close_time", "is_archived", "archive_time"]
        var given: [String: RecordValue] = [:]
        for name in ruled { given[name] = plain.removeValue(forKey: name) }
        deal.apply(plain)

        // Pipeline and stage: a stage implies its pipeline; a pipeline alone moves the deal to its first stage.
        let oldStage = deal.int("stage_id")
        if let stage = given["stage_id"]?.int.flatMap(catalog.pipelines.stage) {
            deal["stage_id"] = .int(stage.id)
            deal["pipeline_id"] = .int(stage.pipeline)
        } else if let pipelineID = given["pipeline_id"]?.int, pipelineID != deal.int("pipeline_id"),
                  let first = catalog.pipelines.pipeline(pipelineID)?.firstStage {
            deal["pipeline_id"] = .int(pipelineID)
            deal["stage_id"] = .int(first.id)
        }
        if !creating, deal.int("stage_id") != oldStage { deal["stage_change_time"] = .int(now) }

        // Status and the times that go with it.
        let newStatus = given["status"]?.string ?? deal.string("status") ?? "open"
        if newStatus != deal.string("status") || (creating && newStatus != "open") {
            let stamp = RecordValue.int(now)
            let times: [String: RecordValue] = switch newStatus {
            case "won": ["won_time": stamp, "close_time": stamp, "lost_time": .null, "lost_reason": .null]
            case "lost": ["lost_time": stamp, "close_time": stamp, "won_time": .null]
            default: ["won_time": .null, "lost_time": .null, "close_time": .null, "lost_reason": .null]
            }
            deal.apply(times)
            deal["status"] = .string(newStatus)
        }
        for (name, status) in [("lost_reason", "lost"), ("won_time", "won"), ("lost_time", "lost")] {
            guard let value = given[name] else { continue }
            if !value.isNull, newStatus != status {
                throw .badRequest("Validation failed: \(name): can only be set if deal status is \(status)")
            }
            deal[name] = value
            if name != "lost_reason", given["close_time"] == nil, !value.isNull { deal["close_time"] = value }
        }
        if let close = given["close_time"] {
            if !close.isNull, newStatus == "open" {
                throw .badRequest("Validation failed: close_time: can only be set if deal status is won or lost")
            }
            deal["close_time"] = close
        }

        let archiveTime = given["archive_time"]
        if let archived = given["is_archived"]?.bool {
            deal["is_archived"] = .bool(archived)
            let kept = archiveTime.flatMap { $0.isNull ? nil : $0 } ?? (deal["archive_time"].isNull ? .int(now) : deal["archive_time"])
            deal["archive_time"] = archived ? kept : .null
        } else if let archiveTime {
            deal["archive_time"] = archiveTime
        }

        var custom = deal["custom_fields"].object ?? [:]
        for (key, value) in input.customFields { custom[key] = value.isNull ? nil : value }
        deal["custom_fields"] = .object(custom)
    }
}
