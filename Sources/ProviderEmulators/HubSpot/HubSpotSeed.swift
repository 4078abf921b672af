import CivilCalendar
import FakeProviderKit
import Foundation

/// Deterministic seed data: realistic deals spread over 2023-01 .. 2025-06.
public enum HubSpotSeed {
    /// First seeded deal id; later ids grow by small deterministic gaps, like HubSpot's.
    public static let firstDealID: Int64 = 14_870_000_001
    /// "Now" of the seeded account: every seeded timestamp is before it.
    public static let referenceTime = CivilDate.epochMilliseconds(2025, 6, 1)
    static let startTime = CivilDate.epochMilliseconds(2023, 1, 2, 9)
    /// Company record ids are `companyBaseID + index` into `companies`.
    static let companyBaseID: Int64 = 20_310_000_000
    static let contactBaseID: Int64 = 30_450_000_000

    /// The lists of `seed.json` the seed picks from.
    static let vocabulary = ["companies", "products", "competitors", "descriptions", "lostReasons", "nextSteps"]

    /// `count` deals, ids ascending, in the account's first two pipelines (sales, renewals).
    static func deals(count: Int, catalog: HubSpotCatalog) -> [HubSpotDeal] {
        let pipelines = catalog.pipelines, words = catalog.seedWords
        let companies = words["companies"], products = words["products"], competitors = words["competitors"]
        let descriptions = words["descriptions"], lostReasons = words["lostReasons"], nextSteps = words["nextSteps"]
        var rng = SeededGenerator(seed: 0x4855_4253_504F_5421) // "HUBSPOT!"
        var deals: [HubSpotDeal] = []
        deals.reserveCapacity(count)
        var id = firstDealID
        let span = referenceTime - startTime - 90 * 86_400_000
        let step = max(Int64(1000), span / Int64(max(count, 1)))
        var contactCounter: Int64 = 0
        for index in 0..<count {
            let createdAt = startTime + Int64(index) * step + Int64(rng.int(Int(max(step / 2, 1))))
            let updatedAt = min(referenceTime - 1000, createdAt + Int64(rng.int(60 * 86_400)) * 1000 + Int64(rng.int(1000)))
            let companyIndex = rng.int(companies.count)
            let company = companies[companyIndex]
            let product = rng.pick(products)
            let renewal = rng.chance(15)
            let pipeline = renewal ? pipelines[1] : pipelines[0]
            let stage = pickStage(pipeline, &rng)

            var props: [String: String] = [:]
            props["hs_object_id"] = String(id)
            props["createdate"] = HubSpotTime.iso(createdAt)
            props["hs_lastmodifieddate"] = HubSpotTime.iso(updatedAt)
            props["pipeline"] = pipeline.id
            props["dealstage"] = stage.id
            let year = 2023 + Int((createdAt - startTime) / (365 * 86_400_000))
            props["dealname"] = renewal ? "\(company) - \(product) Renewal \(year + 1)" : "\(company) - \(product)"
            if !rng.chance(7) { props["amount"] = amount(&rng) }
            if stage.isClosed {
                let closed = min(referenceTime - 1000, createdAt + Int64(rng.int(in: 7...120)) * 86_400_000 + Int64(rng.int(86_400_000)))
                props["closedate"] = HubSpotTime.iso(closed)
            } else if !rng.chance(5) {
                let expected = referenceTime + Int64(rng.int(in: 1...180)) * 86_400_000 + Int64(rng.int(86_400)) * 1000
                props["closedate"] = HubSpotTime.iso(expected)
            }
            if !rng.chance(10) { props["hubspot_owner_id"] = rng.pick(HubSpotDealProperties.ownerIDs) }
            props["dealtype"] = renewal || rng.chance(30) ? "existingbusiness" : "newbusiness"
            if rng.chance(50) { props["hs_priority"] = rng.pick(["low", "medium", "high"]) }
            if rng.chance(30) { props["description"] = rng.pick(descriptions) }
            if !stage.isClosed, rng.chance(40) { props["hs_next_step"] = rng.pick(nextSteps) }
            if stage.isClosed, !stage.isWon, rng.chance(70) { props["closed_lost_reason"] = rng.pick(lostReasons) }
            if rng.chance(25) { props["deal_currency_code"] = rng.pick(["USD", "USD", "EUR", "GBP"]) }
            // Custom properties.
            if renewal {
                props["renewal_type"] = rng.pick(["renewal", "renewal", "expansion", "downsell"])
                let renewalDay = referenceTime + Int64(rng.int(in: -30...240)) * 86_400_000
                props["renewal_date"] = String(HubSpotTime.iso(renewalDay).prefix(10))
            } else if rng.chance(80) {
                props["renewal_type"] = rng.chance(85) ? "new_business" : "expansion"
            }
            if rng.chance(70) { props["contract_length_months"] = rng.pick(["6", "12", "12", "24", "36"]) }
            if rng.chance(40) { props["competitor"] = rng.pick(competitors) }

            var companyIDs: [String] = []
            var contactIDs: [String] = []
            if rng.chance(75) { companyIDs.append(String(companyBaseID + Int64(companyIndex))) }
            if rng.chance(55) {
                for _ in 0..<rng.int(in: 1...3) {
                    contactCounter += 1
                    contactIDs.append(String(contactBaseID + contactCounter * 3))
                }
            }
            deals.append(HubSpotDeal(id: id, properties: props, createdAt: createdAt, updatedAt: updatedAt,
                                     archived: false, archivedAt: nil, companyIDs: companyIDs, contactIDs: contactIDs))
            id += Int64(rng.int(in: 1...4))
        }
        return deals
    }

    private static func pickStage(_ pipeline: HubSpotPipeline, _ rng: inout SeededGenerator) -> HubSpotPipelineStage {
        // Open stages are more common than closed ones.
        let weights = pipeline.stages.map { $0.isClosed ? 2 : 3 }
        var roll = rng.int(weights.reduce(0, +))
        for (stage, weight) in zip(pipeline.stages, weights) {
            if roll < weight { return stage }
            roll -= weight
        }
        return pipeline.stages[0]
    }

    /// "1500", "1500.00" or "12450.50": the forms HubSpot users store.
    private static func amount(_ rng: inout SeededGenerator) -> String {
        let whole = rng.int(in: 5...900) * 100 + (rng.chance(20) ? rng.int(100) * 5 : 0)
        switch rng.int(3) {
        case 0: return String(whole)
        case 1: return "\(whole).00"
        default: return "\(whole).\(rng.pick(["50", "25", "99", "00"]))"
        }
    }
}
