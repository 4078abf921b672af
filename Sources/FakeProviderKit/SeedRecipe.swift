import Foundation

/// A provider's deterministic seed as data (`seed-recipe.json`): tables of records, each built by
/// `SeedExpression`s that draw from a `SeededGenerator` in the order they are written, so the same
/// recipe and count give the same records on every run.
///
/// ```json
/// {"inputs": {"words": "seed.json", "stages": "stages.json#data"},
///  "tables": {"deals": {
///     "seed": "0x4855425350F45421",
///     "before": [["firstId", 1000]],
///     "steps": [["id", ["+", "$firstId", "$index"]], ["stage", ["pick", "$stages"]]],
///     "record": {"id": "$id", "stage_id": "$stage.id"},
///     "after": [["firstId", ["+", "$firstId", ["intIn", 1, 4]]]]}}}
/// ```
///
/// - `inputs`: variables read from fixture files, whole (`seed.json`) or one member (`file#member`);
/// - `seed`: one generator for the table (a 64-bit hex number), or `"record"`: a fresh generator per
///   record, scrambled from the record's number (`SeededGenerator(scrambling:)`);
/// - `count` (optional): how many records, from `$count` (what the caller asks for);
/// - `before` runs once, `steps` and `after` around each record: bindings `[name, expression]` in order.
///   Variables keep their values from one record to the next;
/// - `record`: the record's fields (null kept: it clears a shape's default). Its expressions may not
///   draw, since members of a JSON object have no order.
///
/// Variables: the inputs, those the caller passes, `$count`, `$index` (from 0) and `$number` (from 1).
public struct SeedRecipe: Sendable {
    /// How a table seeds its generator.
    enum Seed: Sendable {
        case fixed(UInt64)
        case perRecord
    }

    struct Table: Sendable {
        let seed: Seed
        let count: SeedExpression?
        let before: [(String, SeedExpression)]
        let steps: [(String, SeedExpression)]
        let record: [(String, SeedExpression)]
        let after: [(String, SeedExpression)]
    }

    let inputs: [String: RecordValue]
    let tables: [String: Table]

    public init(fixtures: ProviderFixtures, file: String = "seed-recipe.json") throws(FixtureError) {
        let path = fixtures.directory.appendingPathComponent(file).path
        let object = try fixtures.object(file)
        var inputs: [String: RecordValue] = [:]
        for (name, source) in object["inputs"] as? [String: String] ?? [:] {
            let parts = source.split(separator: "#", maxSplits: 1).map(String.init)
            var value: Any = try fixtures.object(parts[0])
            if parts.count == 2 { value = (value as? [String: Any])?[parts[1]] ?? NSNull() }
            guard let converted = RecordValue(foundation: value), !converted.isNull else {
                throw FixtureError("\(path): inputs.\(name): \(source) is not JSON data")
            }
            inputs[name] = converted
        }
        var tables: [String: Table] = [:]
        for (name, raw) in object["tables"] as? [String: Any] ?? [:] {
            tables[name] = try Self.table(raw as? [String: Any] ?? [:], path: "\(path): tables.\(name)")
        }
        self.inputs = inputs
        self.tables = tables
    }

    /// The records of `table`: `count` of them unless the table says otherwise. `seed` replaces the
    /// table's fixed seed (a second run of the same recipe, such as another account's records).
    public func records(_ table: String, count: Int, inputs extra: [String: RecordValue] = [:],
                        seed: UInt64? = nil) throws(SeedError) -> [[String: RecordValue]] {
        guard let recipe = tables[table] else { throw SeedError(description: "no seed table \"\(table)\"") }
        var variables = inputs.merging(extra) { _, given in given }
        variables["count"] = .int(count)
        var fixedSeed: UInt64 = 0
        if case .fixed(let value) = recipe.seed { fixedSeed = value }
        var scope = SeedScope(variables: variables, generator: SeededGenerator(seed: seed ?? fixedSeed))
        let total = try recipe.count.map { expression throws(SeedError) in try expression.evaluate(in: &scope).int ?? 0 } ?? count
        scope.variables["count"] = .int(total)
        try Self.bind(recipe.before, in: &scope)
        var records: [[String: RecordValue]] = []
        records.reserveCapacity(max(total, 0))
        for index in 0..<max(total, 0) {
            scope.variables["index"] = .int(index)
            scope.variables["number"] = .int(index + 1)
            if case .perRecord = recipe.seed, seed == nil { scope.generator = SeededGenerator(scrambling: UInt64(index + 1)) }
            try Self.bind(recipe.steps, in: &scope)
            var record: [String: RecordValue] = [:]
            for (field, expression) in recipe.record { record[field] = try expression.evaluate(in: &scope) }
            records.append(record)
            try Self.bind(recipe.after, in: &scope)
        }
        return records
    }

    /// The records of `table` decoded as `T` (through their JSON form).
    public func decode<T: Decodable>(_ type: T.Type, _ table: String, count: Int,
                                     inputs: [String: RecordValue] = [:]) throws -> [T] {
        let records = try records(table, count: count, inputs: inputs)
        return try records.map { record in
            try JSONDecoder().decode(T.self, from: JSONSerialization.data(withJSONObject: RecordValue.object(record).foundation))
        }
    }

    /// A 64-bit seed written in hex, `_` allowed between digits (`"0xC0A7_AC75"`).
    public static func seed(hex: String) -> UInt64? {
        guard hex.hasPrefix("0x") else { return nil }
        return UInt64(hex.dropFirst(2).filter { $0 != "_" }, radix: 16)
    }

    private static func bind(_ bindings: [(String, SeedExpression)], in scope: inout SeedScope) throws(SeedError) {
        for (name, expression) in bindings {
            do { scope.variables[name] = try expression.evaluate(in: &scope) } catch {
                throw SeedError(description: "\(name): \(error.description)")
            }
        }
    }

    private static func table(_ raw: [String: Any], path: String) throws(FixtureError) -> Table {
        let known: Set = ["seed", "count", "before", "steps", "record", "after"]
        for key in raw.keys.sorted() where !key.hasPrefix("_") && !known.contains(key) {
            throw FixtureError("\(path): unknown member \"\(key)\" (members starting with _ are comments)")
        }
        func bindings(_ key: String) throws(FixtureError) -> [(String, SeedExpression)] {
            var result: [(String, SeedExpression)] = []
            for (index, item) in (raw[key] as? [Any] ?? []).enumerated() {
                guard let pair = item as? [Any], pair.count == 2, let name = pair[0] as? String else {
                    throw FixtureError("\(path).\(key)[\(index)]: a binding is [\"name\", expression]")
                }
                result.append((name, try SeedExpression(json: pair[1], path: "\(path).\(key)[\(index)]")))
            }
            return result
        }
        let seed: Seed
        switch raw["seed"] as? String {
        case "record": seed = .perRecord
        case let hex? where Self.seed(hex: hex) != nil: seed = .fixed(Self.seed(hex: hex)!)
        default: throw FixtureError("\(path).seed: a 64-bit hex number (\"0x2A\") or \"record\"")
        }
        var record: [(String, SeedExpression)] = []
        for (field, json) in (raw["record"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let expression = try SeedExpression(json: json, path: "\(path).record.\(field)")
            if expression.draws { throw FixtureError("\(path).record.\(field): draws belong in steps (record members have no order)") }
            record.append((field, expression))
        }
        let count = try raw["count"].map { json throws(FixtureError) in try SeedExpression(json: json, path: "\(path).count") }
        return Table(seed: seed, count: count, before: try bindings("before"), steps: try bindings("steps"),
                     record: record, after: try bindings("after"))
    }
}
