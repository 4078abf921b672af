import Foundation

/// One expression of a seed recipe (`SeedRecipe`), read from JSON:
///
/// - `null`, booleans, numbers and strings are themselves;
/// - `"$name"` reads a variable, `"$name.member.member"` a member of an object variable;
/// - `["op", arg, ...]` applies an operation (`SeedOperation`), arguments evaluated left to right,
///   which is the order random numbers are drawn in. `if`, `case`, `and`, `or` and `??` evaluate only
///   the arguments they need, so a branch not taken draws nothing.
///
/// ```json
/// ["if", ["chance", 25], ["pick", "$words.currencies"], null]
/// ```
public indirect enum SeedExpression: Sendable {
    case literal(RecordValue)
    case variable(String, members: [String])
    case call(SeedOperation, [SeedExpression])
    /// `["do", [name, expr], ..., result]`: local bindings, in order, then the result.
    case bindings([(String, SeedExpression)], SeedExpression)

    /// Parses `json` (Foundation JSON); `path` names the place in the file for errors.
    public init(json: Any, path: String) throws(FixtureError) {
        if let text = json as? String {
            guard text.hasPrefix("$") else { self = .literal(.string(text)); return }
            let parts = text.dropFirst().split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty, !parts.contains(where: \.isEmpty) else {
                throw FixtureError("\(path): \"\(text)\" is not a variable reference")
            }
            self = .variable(name, members: Array(parts.dropFirst()))
            return
        }
        guard let list = json as? [Any] else {
            guard let value = RecordValue(foundation: json), value.array == nil, value.object == nil else {
                throw FixtureError("\(path): an expression is a literal, \"$variable\" or [\"operation\", ...]")
            }
            self = .literal(value)
            return
        }
        guard let name = list.first as? String else { throw FixtureError("\(path): an operation starts with its name") }
        let arguments = Array(list.dropFirst())
        if name == "do" {
            guard let last = arguments.last else { throw FixtureError("\(path): \"do\" needs a result") }
            var bound: [(String, SeedExpression)] = []
            for (index, item) in arguments.dropLast().enumerated() {
                guard let pair = item as? [Any], pair.count == 2, let variable = pair[0] as? String else {
                    throw FixtureError("\(path)[\(index + 1)]: a binding is [\"name\", expression]")
                }
                bound.append((variable, try SeedExpression(json: pair[1], path: "\(path)[\(index + 1)]")))
            }
            self = .bindings(bound, try SeedExpression(json: last, path: "\(path)[\(arguments.count)]"))
            return
        }
        guard let operation = SeedOperation(rawValue: name) else {
            throw FixtureError("\(path): unknown operation \"\(name)\"; known: \(SeedOperation.allCases.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        guard operation.arity.contains(arguments.count) else {
            throw FixtureError("\(path): \"\(name)\" takes \(operation.arity.lowerBound)...\(operation.arity.upperBound) arguments, got \(arguments.count)")
        }
        var parsed: [SeedExpression] = []
        for (index, argument) in arguments.enumerated() { parsed.append(try SeedExpression(json: argument, path: "\(path)[\(index + 1)]")) }
        self = .call(operation, parsed)
    }

    /// Whether evaluating the expression may draw from the generator.
    public var draws: Bool {
        switch self {
        case .literal, .variable: false
        case .call(let operation, let arguments): operation.draws || arguments.contains(where: \.draws)
        case .bindings(let bound, let result): result.draws || bound.contains { $0.1.draws }
        }
    }
}

/// The operations of a seed expression. `$it` is the element in `filter`, `map` and `pickWeighted`.
public enum SeedOperation: String, Sendable, CaseIterable {
    // Draws (`SeededGenerator`).
    /// `["int", n]`: 0..<n. `["intIn", lo, hi]`: lo...hi. `["chance", percent]`: a boolean.
    case int, intIn, chance
    /// `["pick", list]`: one element. `["pickWeighted", list, weight]`: one element, `weight` per `$it`.
    case pick, pickWeighted
    /// `["alphanumeric", length]`: `[0-9A-Za-z]` characters. `["unique", expr]`: `expr` again until
    /// its value is new in this run of the table.
    case alphanumeric, unique
    // Control.
    /// `["if", condition, then, else]`; `["case", n, e0, e1, ...]`: the `n`th (the last when beyond).
    case `if`, `case`, and, or, not
    /// `["??", a, b]`: `a` unless it is null.
    case orElse = "??"
    // Comparison and arithmetic, left to right (`/` of whole numbers truncates, `fdiv` does not).
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", times = "*", divide = "/", remainder = "%", fdiv, trunc, min, max
    // Lists and objects.
    /// `["list", ...]`; `["object", key, value, ...]` (null values left out); `["at", list, i]`;
    /// `["get", object, member]`; `["last", list]`; `["count", list]`; `["range", lo, hi]`: lo...hi.
    case list, object, at, get, last, count, range
    /// `["filter", list, condition]`, `["map", list, expr]`, `["find", list, member, value]`,
    /// `["where", list, member, value]`: elements whose member equals value.
    case filter, map, find, `where`
    // Text and time.
    /// `["concat", ...]`: values as text (whole numbers without a fraction); `lower`; `letters`: only letters.
    case concat, lower, letters
    /// `["ms", "2023-01-02T09:00:00Z"]`: epoch milliseconds. `["isoMillis", ms]`: `2023-01-02T09:00:00.000Z`.
    /// `["day", ms]`: `2023-01-02`.
    case ms, isoMillis, day

    var arity: ClosedRange<Int> {
        switch self {
        case .list, .concat: 0...Int.max
        case .object: 0...Int.max
        case .plus, .minus, .times, .min, .max: 1...Int.max
        case .and, .or: 2...Int.max
        case .case: 2...Int.max
        case .if, .find, .where: 3...3
        case .int, .chance, .pick, .alphanumeric, .unique, .not, .trunc, .last, .count, .lower, .letters, .ms, .isoMillis, .day: 1...1
        default: 2...2
        }
    }

    var draws: Bool { [.int, .intIn, .chance, .pick, .pickWeighted, .alphanumeric].contains(self) }
}
