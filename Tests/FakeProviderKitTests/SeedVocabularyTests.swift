import FakeProviderKit
import Testing

@Suite struct SeedVocabularyTests {
    @Test func listsKeepTheirFileOrder() throws {
        let fixtures = try FixtureListTests.fixtures(["seed.json": #"{"_comment": "words", "companies": ["Zeta", "Acme", "Zeta"]}"#])
        let words = try SeedVocabulary(fixtures: fixtures, required: ["companies"])
        #expect(words["companies"] == ["Zeta", "Acme", "Zeta"])
        #expect(words["products"].isEmpty)
    }

    @Test func aRequiredListMustHoldWords() throws {
        let fixtures = try FixtureListTests.fixtures(["seed.json": #"{"companies": [], "products": [1, 2]}"#])
        #expect(throws: FixtureError.self) { try SeedVocabulary(fixtures: fixtures, required: ["companies"]) }
        #expect(throws: FixtureError.self) { try SeedVocabulary(fixtures: fixtures, required: ["products"]) }
        #expect(throws: FixtureError.self) { try SeedVocabulary(fixtures: fixtures, required: ["competitors"]) }
    }
}

@Suite struct SeededIdentifierTests {
    @Test func alphanumericIDsAreDeterministicAndAlphanumeric() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let ids = (0..<50).map { _ in a.alphanumericID() }
        #expect(ids == (0..<50).map { _ in b.alphanumericID() })
        #expect(ids.allSatisfy { $0.count == 20 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } })
        #expect(Set(ids).count == 50)
        #expect(a.alphanumericID(length: 7).count == 7)
    }
}
