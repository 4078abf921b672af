import FakeProviderKit
import Foundation

/// What `GET /api/v2/deals` asks for, already validated.
struct PipedriveDealQuery: Sendable {
    enum SortField: String, Sendable, CaseIterable { case id, update_time, add_time }

    /// `open`, `won`, `lost`, `deleted`. Empty = every not deleted deal.
    var statuses: Set<String> = []
    /// The filters of `deal-filters.json` the query set.
    var filter: @Sendable (PipedriveDeal) -> Bool = { _ in true }
    var sortBy: SortField = .id
    var descending = false
    var limit = 100
    var cursor: PipedriveCursor?

    /// Deleted deals only under status `deleted`; the others by status, then the filters.
    func matches(_ deal: PipedriveDeal) -> Bool {
        if deal.bool("is_deleted") == true {
            guard statuses.contains("deleted") else { return false }
        } else if !statuses.isEmpty, !statuses.contains(deal.string("status") ?? "") {
            return false
        }
        return filter(deal)
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
        deals = try RecordCollection(try catalog.seededDeals(count: seedCount), shape: catalog.deal.shape)
    }

    // MARK: - Reads

    /// A deal by id, including soft-deleted ones.
    public func deal(id: Int) -> PipedriveDeal? { deals[id] }

    /// Deals that are not deleted.
    public var liveDealCount: Int { deals.liveCount() }

    /// One page of deals and the cursor of the next page (nil at the end).
    func list(_ query: PipedriveDealQuery) -> (deals: [PipedriveDeal], nextCursor: String?) {
        let (scan, next) = deals.keysetPage(query.sortBy.rawValue, descending: query.descending, after: query.cursor,
                                            limit: query.limit, matches: query.matches)
        lastScanned = scan.scanned
        return (scan.items, next?.encoded)
    }

    // MARK: - Writes

    /// Creates a deal from a checked body: the shape's defaults, then the body.
    func create(_ input: PipedriveDealInput, now: Int) throws(FakeError) -> PipedriveDeal {
        let place = catalog.pipelines.placement(stage: input.values["stage_id"]?.int, pipeline: input.values["pipeline_id"]?.int, current: nil)
        var deal = PipedriveDeal(shape: catalog.deal.shape, [
            "id": .int(deals.count + 1), "add_time": .int(now), "update_time": .int(now),
            "pipeline_id": .int(place?.pipeline ?? catalog.pipelines.first.id), "stage_id": .int(place?.stage ?? 1),
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

    /// Plain fields are stored as given; a stage brings its pipeline and a pipeline alone its first
    /// stage (a move stamps `stage_change_time`); status, close times and archiving follow
    /// `deal-rules.json`.
    static func apply(_ input: PipedriveDealInput, to deal: inout PipedriveDeal, now: Int, creating: Bool, catalog: PipedriveCatalog) throws(FakeError) {
        var plain = input.values
        let rules = catalog.rules
        var given: [String: RecordValue] = [:]
        for name in ["stage_id", "pipeline_id"] + rules.status.fields + rules.flags.flatMap(\.fields) {
            given[name] = plain.removeValue(forKey: name)
        }
        deal.apply(plain)

        let oldStage = deal.int("stage_id")
        let current = deal.int("pipeline_id").flatMap { pipeline in oldStage.map { (pipeline, $0) } }
        if given["stage_id"] != nil || given["pipeline_id"] != nil,
           let place = catalog.pipelines.placement(stage: given["stage_id"]?.int, pipeline: given["pipeline_id"]?.int, current: current) {
            deal["pipeline_id"] = .int(place.pipeline)
            deal["stage_id"] = .int(place.stage)
        }
        if !creating, deal.int("stage_id") != oldStage { deal["stage_change_time"] = .int(now) }

        try rules.status.apply(given, to: &deal, now: Int64(now))
        for flag in rules.flags { flag.apply(given, to: &deal, now: Int64(now)) }

        var custom = deal["custom_fields"].object ?? [:]
        for (key, value) in input.customFields { custom[key] = value.isNull ? nil : value }
        deal["custom_fields"] = .object(custom)
    }
}
