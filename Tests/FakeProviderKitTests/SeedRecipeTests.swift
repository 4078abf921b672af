import FakeProviderKit
import Foundation
import Testing

@Suite struct SeedRecipeTests {
    /// A recipe in a fixtures folder of its own, with `seed.json` words as input.
    static func recipe(_ tables: String, words: String = #"{"colours": ["red", "green", "blue"]}"#) throws -> SeedRecipe {
        let fixtures = try FixtureListTests.fixtures([
            "seed.json": words,
            "stages.json": #"{"data": [{"id": 1, "pipeline": 1}, {"id": 2, "pipeline": 2}, {"id": 3, "pipeline": 1}]}"#,
            "seed-recipe.json": #"{"inputs": {"words": "seed.json", "stages": "stages.json#data"}, "tables": "# + tables + "}",
        ])
        return try SeedRecipe(fixtures: fixtures)
    }

    static func expression(_ json: String) throws -> SeedExpression {
        try SeedExpression(json: try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed), path: "test")
    }

    @Test func drawsHappenInTheWrittenOrder() throws {
        let recipe = try Self.recipe(#"""
            {"t": {"seed": "0x2A", "steps": [["a", ["int", 1000]], ["colour", ["pick", "$words.colours"]], ["b", ["intIn", 5, 9]]],
                   "record": {"a": "$a", "colour": "$colour", "b": "$b", "n": "$number"}}}
            """#)
        var generator = SeededGenerator(seed: 42)
        var expected: [[String: RecordValue]] = []
        for number in 1...3 {
            let a = generator.int(1000), colour = generator.pick(["red", "green", "blue"]), b = generator.int(in: 5...9)
            expected.append(["a": .int(a), "colour": .string(colour), "b": .int(b), "n": .int(number)])
        }
        #expect(try recipe.records("t", count: 3) == expected)
        #expect(try recipe.records("t", count: 3, seed: 7) != expected)
    }

    @Test func aBranchNotTakenDrawsNothing() throws {
        var scope = SeedScope(generator: SeededGenerator(seed: 1))
        var reference = SeededGenerator(seed: 1)
        let value = try Self.expression(#"["if", ["chance", 0], ["int", 10], ["and", false, ["chance", 50]]]"#).evaluate(in: &scope)
        #expect(value == .bool(false))
        _ = reference.chance(0)
        #expect(scope.generator.next() == reference.next())
        let text = try Self.expression(#"["concat", ["+", 1500, 0.5], " ", ["/", 7, 2], " ", ["fdiv", 7, 2], " ", ["day", ["ms", "2024-02-29T23:00:00Z"]]]"#)
        #expect(try text.evaluate(in: &scope) == .string("1500.5 3 3.5 2024-02-29"))
    }

    @Test func variablesListsAndObjects() throws {
        let recipe = try Self.recipe(#"""
            {"t": {"seed": "record", "before": [["total", 0]],
                   "steps": [["ones", ["where", "$stages", "pipeline", 1]], ["total", ["+", "$total", "$number"]],
                             ["pair", ["do", ["x", 2], ["list", "$x", ["count", "$ones"], ["last", "$ones"]]]]],
                   "record": {"total": "$total", "pair": "$pair", "first": ["find", "$stages", "id", 2],
                              "o": ["object", "kept", "$total", "dropped", null], "x": "$pair.missing"}}}
            """#)
        let records = try recipe.records("t", count: 2)
        #expect(records.map { $0["total"] } == [.int(1), .int(3)])
        #expect(records[0]["pair"] == .array([.int(2), .int(2), .object(["id": .int(3), "pipeline": .int(1)])]))
        #expect(records[0]["first"] == .object(["id": .int(2), "pipeline": .int(2)]))
        #expect(records[0]["o"] == .object(["kept": .int(1)]))
        #expect(records[0]["x"] == .null)
    }

    @Test func perRecordSeedsDoNotDependOnTheCount() throws {
        let recipe = try Self.recipe(#"{"t": {"seed": "record", "steps": [["v", ["int", 1000000]]], "record": {"v": "$v"}}}"#)
        let few = try recipe.records("t", count: 3), many = try recipe.records("t", count: 10)
        #expect(Array(many.prefix(3)) == few)
        var generator = SeededGenerator(scrambling: 2)
        #expect(few[1]["v"] == .int(generator.int(1_000_000)))
    }

    @Test func uniqueValuesAndTableCounts() throws {
        let recipe = try Self.recipe(#"""
            {"t": {"seed": "0x1", "count": ["min", "$count", 3], "steps": [["c", ["unique", ["pick", "$words.colours"]]]], "record": {"c": "$c"}}}
            """#)
        let records = try recipe.records("t", count: 99)
        #expect(Set(records.compactMap { $0["c"]?.string }) == ["red", "green", "blue"])
    }

    @Test func mistakesAreFoundWhenTheRecipeLoads() throws {
        for (tables, fragment) in [
            (#"{"t": {"seed": "0x1", "steps": [["a", ["nope", 1]]]}}"#, "unknown operation \"nope\""),
            (#"{"t": {"seed": "0x1", "steps": [["a", ["int", 1, 2]]]}}"#, "takes 1...1 arguments"),
            (#"{"t": {"seed": "0x1", "record": {"a": ["int", 3]}}}"#, "draws belong in steps"),
            (#"{"t": {"seed": "0x1", "fields": {}}}"#, "unknown member \"fields\""),
            (#"{"t": {"seed": "42"}}"#, "seed"),
            (#"{"t": {"seed": "0x1", "steps": [["a", "$"]]}}"#, "not a variable reference"),
        ] {
            #expect { try Self.recipe(tables) } throws: { "\($0)".contains(fragment) }
        }
        let recipe = try Self.recipe(#"{"t": {"seed": "0x1", "steps": [["a", "$missing"]]}}"#)
        #expect { try recipe.records("t", count: 1) } throws: { "\($0)".contains("a: unknown variable $missing") }
        #expect(throws: SeedError.self) { try recipe.records("other", count: 1) }
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
