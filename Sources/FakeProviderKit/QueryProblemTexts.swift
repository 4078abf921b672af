/// How a provider words a bad query parameter (`QueryProblem`), as data: a message around a rule
/// text, the rule picked by the most specific key present.
///
/// ```json
/// {"message": "Validation failed: {name}: {rule}",
///  "rules": {"integer.unbounded": "must be a positive integer",
///            "integer": "must be an integer between {min} and {max}",
///            "tooMany.ids": "at most {max} ids are allowed", "*": "is invalid"}}
/// ```
///
/// Keys tried in order: `<kind>.<parameter>`; for integers `integer.below` / `integer.above` (a
/// number outside the range, by its side), `integer.from<min>` and (no upper bound)
/// `integer.unbounded`; then `<kind>`, `parameter.<parameter>`, `*`; else "{name} is invalid".
/// Kinds: `integer`, `oneOf`, `integerList`, `tooMany`, `format`. Placeholders: `{name}`,
/// `{value}`, `{min}`, `{max}`, `{allowed}` (comma separated) in rules and message, `{rule}` in the
/// message (default `{rule}`). `codes` (optional) gives a machine code by the key of the rule
/// picked (`code`), for providers whose errors carry one.
public struct QueryProblemTexts: Sendable, Decodable {
    public let message: String
    public let rules: [String: String]
    public let codes: [String: String]

    public init(message: String = "{rule}", rules: [String: String], codes: [String: String] = [:]) {
        (self.message, self.rules, self.codes) = (message, rules, codes)
    }

    enum CodingKeys: String, CodingKey { case message, rules, codes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(message: try c.decodeIfPresent(String.self, forKey: .message) ?? "{rule}", rules: try c.decode([String: String].self, forKey: .rules),
                  codes: try c.decodeIfPresent([String: String].self, forKey: .codes) ?? [:])
    }

    /// The message for `problem`.
    public func text(_ problem: QueryProblem) -> String { resolve(problem).text }

    /// The code of the rule picked for `problem`, if `codes` has one.
    public func code(_ problem: QueryProblem) -> String? { resolve(problem).key.flatMap { codes[$0] } }

    private func resolve(_ problem: QueryProblem) -> (key: String?, text: String) {
        var values = ["name": problem.name, "value": problem.value]
        var keys: [String]
        switch problem.kind {
        case .integer(let range, _), .integerList(let range):
            values["min"] = String(range.lowerBound)
            values["max"] = String(range.upperBound)
            let kind = if case .integer = problem.kind { "integer" } else { "integerList" }
            keys = ["\(kind).\(problem.name)"]
            if kind == "integer" {
                if let number = Double(problem.value), !(Double(range.lowerBound)...Double(range.upperBound)).contains(number) {
                    keys.append(number < Double(range.lowerBound) ? "integer.below" : "integer.above")
                }
                keys.append("integer.from\(range.lowerBound)")
                if range.upperBound == .max { keys.append("integer.unbounded") }
            }
            keys.append(kind)
        case .oneOf(let allowed):
            values["allowed"] = allowed.joined(separator: ", ")
            keys = ["oneOf.\(problem.name)", "oneOf"]
        case .tooMany(let max):
            values["max"] = String(max)
            keys = ["tooMany.\(problem.name)", "tooMany"]
        case .format:
            keys = ["format.\(problem.name)", "format"]
        }
        keys += ["parameter.\(problem.name)", "*"]
        let key = keys.first { rules[$0] != nil }
        values["rule"] = TextTemplate.fill(key.flatMap { rules[$0] } ?? "{name} is invalid", values)
        return (key, TextTemplate.fill(message, values))
    }
}
