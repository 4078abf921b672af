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
