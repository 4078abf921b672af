import FakeProviderKit

/// Deterministic seed data: the same arguments give the same records on every run.
///
/// Creation times advance in irregular steps, and about 40% of records share the previous record's
/// `createdAt` to the millisecond. Records 10 to 16 (seven of them) always share one timestamp, so a page
/// size below seven must rely on `startAfterId` to break the tie.
public enum HighLevelSeed {
    /// The location owning the few records the emulator's token may not touch.
    public static let foreignLocationId = "kX9fOreignLoc7Tq2Wz1"
    /// Users opportunities are assigned to.
    public static let userIds = [
        "zT46WSCPbudrq4zhWMk6", "082goXVW3lIExEQPOnd3", "Ua7mPq2LxZ9vBn4KcR1t",
        "Lr5sDk8WqE3yHn6JtB0v", "Mc2xVb7NzQ4wKp9LsF3h", "Gt8yRe1UiO5pAs3DfG7j",
    ]
    /// 2023-01-01T00:00:00.000Z.
    static let baseMilliseconds: Int64 = 1_672_531_200_000

    /// The lists of `seed.json` the seed picks from.
    static let vocabulary = ["firstNames", "lastNames", "companies", "products", "sources", "competitors", "tagPool"]

    /// A pool of contacts; opportunities point at them round-robin.
    static func contacts(count: Int, words: SeedVocabulary) -> [HighLevelContact] {
        let firstNames = words["firstNames"], lastNames = words["lastNames"], companies = words["companies"], tagPool = words["tagPool"]
        var generator = SeededGenerator(seed: 0xC0A7_AC75)
        var seen = Set<String>()
        var result: [HighLevelContact] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            var id = generator.alphanumericID()
            while !seen.insert(id).inserted { id = generator.alphanumericID() }
            let first = firstNames[index % firstNames.count]
            let last = lastNames[(index / firstNames.count + index) % lastNames.count]
            let company = companies[generator.int(companies.count)]
            let domain = company.lowercased().filter { $0.isLetter } + ".example.com"
            let email = "\(first.lowercased()).\(last.lowercased().filter { $0.isLetter })\(index)@\(domain)"
            let phone = "+1555" + String(1_000_000 + generator.int(8_999_999))
            var tags: [String] = []
            for tag in tagPool where generator.int(4) == 0 { tags.append(tag) }
            result.append(HighLevelContact(id: id, name: "\(first) \(last)", companyName: company,
                                           email: email, phone: phone, tags: tags))
        }
        return result
    }

    /// `count` opportunities of `locationId`, sorted by creation (ties in no particular id order).
    static func opportunities(locationId: String, count: Int, contacts: [HighLevelContact], catalog: HighLevelCatalog,
                              seed: UInt64 = 0x0990_2021)
        -> [HighLevelOpportunity]
    {
        guard count > 0, !contacts.isEmpty else { return [] }
        let renewalType = catalog.opportunityField(id: nil, key: "renewal_type")!, contractLength = catalog.opportunityField(id: nil, key: "contract_length")!
        let competitor = catalog.opportunityField(id: nil, key: "competitor")!, productLines = catalog.opportunityField(id: nil, key: "product_lines")!
        let products = catalog.seedWords["products"], sources = catalog.seedWords["sources"], competitors = catalog.seedWords["competitors"]
        var generator = SeededGenerator(seed: seed)
        var seen = Set<String>()
        var result: [HighLevelOpportunity] = []
        result.reserveCapacity(count)
        // Keep the whole seed within about three years whatever its size.
        let maxStepMinutes = max(1, min(90, Int((3 * 365 * 24 * 60) / max(1, count))))
        var createdAt = baseMilliseconds
        for index in 0..<count {
            if index > 0 {
                let forcedTie = (11...16).contains(index)
                if forcedTie || generator.int(10) < 4 {
                    // Same millisecond as the previous record.
                } else {
                    createdAt += Int64(1 + generator.int(maxStepMinutes)) * 60_000 + Int64(generator.int(1000))
                }
            }
            var id = generator.alphanumericID()
            while !seen.insert(id).inserted { id = generator.alphanumericID() }
            let contact = contacts[index % contacts.count]
            let pipeline = generator.int(4) == 0 ? catalog.pipelines[1] : catalog.pipelines[0]
            let stage = pipeline.stages[generator.int(pipeline.stages.count)]
            let roll = generator.int(100)
            let status = roll < 60 ? "open" : roll < 80 ? "won" : roll < 95 ? "lost" : "abandoned"
            var value = Double(500 + 50 * generator.int(990))
            if generator.int(10) == 0 { value += 0.5 }
            let assignedTo = generator.int(10) == 0 ? nil : userIds[generator.int(userIds.count)]
            let updatedAt = createdAt + Int64(generator.int(30 * 24 * 60)) * 60_000
            let stageChange = createdAt + (updatedAt - createdAt) / 2
            var fields: [String: RecordValue] = [:]
            if generator.int(10) < 7 {
                let options = renewalType.picklistOptions
                fields[renewalType.id] = .string(options[generator.int(options.count)])
            }
            if generator.int(10) < 6 {
                fields[contractLength.id] = .int([12, 24, 36][generator.int(3)])
            }
            if generator.int(10) < 4 {
                fields[competitor.id] = .string(competitors[generator.int(competitors.count)])
            }
            if generator.int(10) < 3 {
                let options = productLines.picklistOptions
                let first = generator.int(options.count)
                var picked = [options[first]]
                let second = generator.int(options.count)
                if second != first { picked.append(options[second]) }
                fields[productLines.id] = .array(picked.map(RecordValue.string))
            }
            let name = "\(contact.companyName) - \(products[generator.int(products.count)])"
            let source = sources[generator.int(sources.count)]
            let lastActionDate: RecordValue = generator.int(2) == 0 ? .null : .int64(updatedAt)
            result.append(HighLevelOpportunity(shape: catalog.opportunity.shape, [
                "id": .string(id), "name": .string(name), "monetaryValue": .number(value),
                "pipelineId": .string(pipeline.id), "pipelineStageId": .string(stage.id),
                "assignedTo": assignedTo.map(RecordValue.string) ?? .null, "status": .string(status), "source": .string(source),
                "lastStatusChangeAt": .int64(status == "open" ? createdAt : updatedAt), "lastStageChangeAt": .int64(stageChange),
                "lastActionDate": lastActionDate, "createdAt": .int64(createdAt), "updatedAt": .int64(updatedAt),
                "contactId": .string(contact.id), "locationId": .string(locationId), "customFields": .object(fields),
                "followers": .array(assignedTo.map { [.string($0)] } ?? []),
            ]))
        }
        return result
    }
}
