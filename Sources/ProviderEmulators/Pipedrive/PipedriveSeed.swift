import FakeProviderKit
import Foundation

/// Fixed reference data of the emulated Pipedrive company.
public enum PipedriveSeedData {
    public struct User: Sendable, Equatable {
        public var id: Int
        public var name: String
    }

    /// Users who own deals. The first one is the "token owner": deals created without `owner_id`
    /// belong to them.
    public static let users: [User] = [
        .init(id: 13_051_221, name: "Maya Lindqvist"),
        .init(id: 13_051_318, name: "Tom Okafor"),
        .init(id: 13_052_004, name: "Priya Raman"),
        .init(id: 13_052_117, name: "Jonas Weber"),
        .init(id: 13_053_460, name: "Carmen Ruiz"),
        .init(id: 13_054_002, name: "Ethan Brooks"),
    ]

    /// The lists of `seed.json` the seed picks from.
    static let vocabulary = ["companies", "offerings", "lostReasons", "competitors", "currencies"]
}

/// Deterministic seed deals: the same `seedCount` produces byte-identical data every run.
enum PipedriveSeed {
    static let windowStart = PipedriveTime.epoch(2023, 1, 2, 8, 0, 0)
    static let windowEnd = PipedriveTime.epoch(2025, 6, 30, 18, 0, 0)
    static let latestUpdate = PipedriveTime.epoch(2025, 9, 30, 17, 0, 0)

    static func deals(count: Int, catalog: PipedriveCatalog) -> [PipedriveDeal] {
        var result: [PipedriveDeal] = []
        result.reserveCapacity(max(count, 0))
        guard count > 0 else { return result }
        for id in 1...count { result.append(deal(id: id, count: count, catalog: catalog)) }
        return result
    }

    static func deal(id: Int, count: Int, catalog: PipedriveCatalog) -> PipedriveDeal {
        var r = SeededGenerator(scrambling: UInt64(id))
        let users = PipedriveSeedData.users, words = catalog.seedWords

        // add_time grows with the id (as real auto-increment ids do), with jitter.
        // Jitter stays below the spacing between consecutive ids, so add_time is increasing in id.
        let span = windowEnd - windowStart
        let step = max(span / max(count, 1), 1)
        let base = windowStart + Int(Double(span) * Double(id - 1) / Double(max(count, 1)))
        let addTime = base + r.int(max(step - 1, 1))
        let updateTime = min(addTime + r.int(in: 600...(120 * 86_400)), latestUpdate)

        let companyIndex = r.int(words["companies"].count)
        let company = words["companies"][companyIndex]
        let title = "\(company) \(r.pick(words["offerings"]))"
        let owner = r.pick(users).id

        let roll = r.int(100)
        let status = roll < 60 ? "open" : (roll < 85 ? "won" : "lost")

        let pipelineID = r.chance(75) ? 1 : 2
        let stages = catalog.stages.filter { $0.pipelineID == pipelineID }
        let stage = status == "won" ? stages[stages.count - 1] : r.pick(stages)
        let stageChangeTime: Int? = stage.orderNr == 1 ? nil : addTime + r.int(max(updateTime - addTime, 1))

        var closeTime: Int? = nil, wonTime: Int? = nil, lostTime: Int? = nil, lostReason: String? = nil
        if status != "open" {
            let closed = max(stageChangeTime ?? addTime, addTime + (updateTime - addTime) / 2)
            closeTime = min(closed, updateTime)
            if status == "won" { wonTime = closeTime } else {
                lostTime = closeTime
                lostReason = r.chance(85) ? r.pick(words["lostReasons"]) : nil
            }
        }

        let currency = r.pick(words["currencies"])
        let value = Double(r.int(in: 20...3000) * 50)
        let expectedClose: String? = r.chance(88) ? PipedriveTime.date(addTime + r.int(in: 21...150) * 86_400) : nil

        var custom: [String: RecordValue] = [:]
        if r.chance(70) {
            custom[PipedriveDealFields.renewalTypeKey] = .int(r.pick(catalog.custom(key: PipedriveDealFields.renewalTypeKey)?.options ?? []).id ?? 34)
        }
        var months: Int? = nil
        if r.chance(80) {
            months = r.pick([12, 12, 24, 36])
            custom[PipedriveDealFields.contractLengthKey] = .int(months!)
        }
        if r.chance(45) { custom[PipedriveDealFields.competitorKey] = .string(r.pick(words["competitors"])) }
        if let months, r.chance(60) {
            let start = closeTime ?? addTime
            custom[PipedriveDealFields.renewalDateKey] = .string(PipedriveTime.date(start + months * 30 * 86_400))
        }
        if r.chance(30) {
            custom[PipedriveDealFields.implementationFeeKey] = .object(["value": .int(r.int(in: 5...80) * 100), "currency": .string(currency)])
        }

        let int = { (value: Int?) in value.map(RecordValue.int) ?? .null }
        let creator = r.chance(80) ? owner : users[0].id
        let person = r.chance(90) ? 1 + companyIndex * 30 + r.int(30) : nil
        let probability = r.chance(15) ? r.pick([10, 25, 50, 75, 90]) : nil
        let visibleTo = r.chance(85) ? 3 : 1
        let labels: [RecordValue] = r.chance(40) ? [.int(r.pick(catalog.labelOptions).id ?? 1)] : []
        let origin = r.chance(90) ? "ManuallyCreated" : "API"
        return PipedriveDeal(shape: catalog.deal.shape, [
            "id": .int(id), "title": .string(title), "creator_user_id": .int(creator), "owner_id": .int(owner),
            "person_id": int(person), "org_id": .int(1 + companyIndex), "pipeline_id": .int(pipelineID),
            "stage_id": .int(stage.id), "value": .number(value), "currency": .string(currency),
            "add_time": .int(addTime), "update_time": .int(updateTime), "stage_change_time": int(stageChangeTime),
            "status": .string(status), "probability": int(probability), "lost_reason": lostReason.map(RecordValue.string) ?? .null,
            "visible_to": .int(visibleTo), "close_time": int(closeTime), "won_time": int(wonTime), "lost_time": int(lostTime),
            "expected_close_date": expectedClose.map(RecordValue.string) ?? .null, "label_ids": .array(labels),
            "origin": .string(origin), "custom_fields": .object(custom),
        ])
    }
}
