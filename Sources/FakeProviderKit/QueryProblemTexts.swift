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
/// Keys tried in order: `<kind>.<parameter>`, for integers `integer.from<min>` and (no upper
/// bound) `integer.unbounded`, then `<kind>`, then `*`. Kinds: `integer`, `oneOf`,
/// `integerList`, `tooMany`, `format`. Placeholders: `{name}`, `{value}`, `{min}`, `{max}`,
/// `{allowed}` (comma separated) in rules and message, `{rule}` in the message.
public struct QueryProblemTexts: Sendable, Decodable {
    public let message: String
    public let rules: [String: String]

    public init(message: String, rules: [String: String]) {
        self.message = message
        self.rules = rules
    }

    /// The message for `problem`.
    public func text(_ problem: QueryProblem) -> String {
        var values = ["name": problem.name, "value": problem.value]
        var keys: [String]
        switch problem.kind {
        case .integer(let range, _), .integerList(let range):
            values["min"] = String(range.lowerBound)
            values["max"] = String(range.upperBound)
            let kind = if case .integer = problem.kind { "integer" } else { "integerList" }
            keys = ["\(kind).\(problem.name)"]
            if kind == "integer" {
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
        values["rule"] = fill(keys.lazy.compactMap { rules[$0] }.first ?? rules["*"] ?? "", values)
        return fill(message, values)
    }

    /// One pass, so a value holding `{...}` is not filled again.
    private func fill(_ template: String, _ values: [String: String]) -> String {
        var result = "", rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open] + (values[String(rest[rest.index(after: open)..<close])] ?? String(rest[open...close]))
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
