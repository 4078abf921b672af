import FakeProviderKit
import Foundation

/// What `GET /api/v2/deals` asks for, already validated (`deal-list.json`).
typealias PipedriveDealQuery = KeysetListRequest

/// Opaque paging marker: the sort key and id of the last deal handed out, plus the sort it belongs to.
typealias PipedriveCursor = KeysetCursor

/// All deals of the emulated company (a kit `RecordStore`). Deal ids are 1...n in creation order;
/// deleting only flags a deal (`records.json`'s collection rules: Pipedrive keeps deleted deals 30 days).
public typealias PipedriveDealStore = RecordStore<Int>

extension RecordStore where ID == Int {
    init(seedCount: Int, catalog: PipedriveCatalog) throws {
        try self.init(try catalog.seededDeals(count: seedCount), shape: catalog.deal.shape)
    }

    /// A deal by id, including soft-deleted ones.
    public func deal(id: Int) -> PipedriveDeal? { record(id) }

    /// Deals that are not deleted.
    public var liveDealCount: Int { liveCount }
}

/// Deal writes: a create lands on its stage (the first pipeline's first without one), then every
/// write applies Pipedrive's rules. Unknown or deleted deals are 404.
extension PipedriveCatalog {
    func create(_ input: PipedriveDealInput, in store: PipedriveDealStore, now: Int) async throws(FakeError) -> PipedriveDeal {
        let place = pipelines.placementByStage(stage: input.values["stage_id"]?.int, pipeline: input.values["pipeline_id"]?.int, current: nil)
        return try await store.create { [self] (count) throws(FakeError) in
            var deal = PipedriveDeal(shape: self.deal.shape, [
                "id": .int(count + 1), "add_time": .int(now), "update_time": .int(now),
                "pipeline_id": .int(place?.pipeline ?? pipelines.first.id), "stage_id": .int(place?.stage ?? 1),
            ])
            try apply(input, to: &deal, now: now, creating: true)
            return deal
        }
    }

    func update(_ id: Int, _ input: PipedriveDealInput, in store: PipedriveDealStore, now: Int) async throws(FakeError) -> (old: PipedriveDeal, new: PipedriveDeal) {
        try await store.update(id, now: Int64(now), or: .named("notFound")) { [self] (deal) throws(FakeError) in try apply(input, to: &deal, now: now, creating: false) }
    }

    // MARK: - Rules shared by create and update

    /// Plain fields are stored as given; a stage brings its pipeline and a pipeline alone its first
    /// stage (a move stamps `stage_change_time`); status, close times and archiving follow
    /// `deal-rules.json`.
    func apply(_ input: PipedriveDealInput, to deal: inout PipedriveDeal, now: Int, creating: Bool) throws(FakeError) {
        let (ruled, plain) = rules.split(input.values)
        let stage = plain["stage_id"], pipeline = plain["pipeline_id"]
        deal.apply(plain.filter { $0.key != "stage_id" && $0.key != "pipeline_id" })

        let oldStage = deal.int("stage_id")
        let current = deal.int("pipeline_id").flatMap { pipeline in oldStage.map { (pipeline, $0) } }
        if stage != nil || pipeline != nil, let place = pipelines.placementByStage(stage: stage?.int, pipeline: pipeline?.int, current: current) {
            deal["pipeline_id"] = .int(place.pipeline)
            deal["stage_id"] = .int(place.stage)
        }
        if !creating, deal.int("stage_id") != oldStage { deal["stage_change_time"] = .int(now) }

        try rules.apply(ruled, to: &deal, now: Int64(now))

        var custom = deal["custom_fields"].object ?? [:]
        for (key, value) in input.customFields { custom[key] = value.isNull ? nil : value }
        deal["custom_fields"] = .object(custom)
    }
}
