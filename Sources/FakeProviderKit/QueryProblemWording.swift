/// How a provider words a bad query parameter (`QueryProblem`), as data: a template per problem
/// kind (`integer`, `oneOf`, `integerList`, `tooMany`, `format`), else `other`; a number outside
/// its range takes `integer.below` or `integer.above` first when given. Placeholders:
/// `{name}`, `{value}`, `{allowed}` (comma separated), `{min}`, `{max}` and `{rule}`: the
/// parameter's entry of `rules`, else `rule`.
///
/// ```json
/// {"kinds": {"oneOf": "{name} must be one of the following values: {allowed}"},
///  "other": "{name} {rule}", "rules": {"page": "must not be less than 1"}, "rule": "is invalid"}
/// ```
public struct QueryProblemWording: Sendable, Decodable {
    public let kinds: [String: String]
    public let other: String
    public let rules: [String: String]
    public let rule: String

    public init(kinds: [String: String] = [:], other: String = "{name} {rule}", rules: [String: String] = [:],
                rule: String = "is invalid") {
        (self.kinds, self.other, self.rules, self.rule) = (kinds, other, rules, rule)
    }

    public func message(for problem: QueryProblem) -> String {
        var values = ["name": problem.name, "value": problem.value, "rule": rules[problem.name] ?? rule]
        let kind: String
        switch problem.kind {
        case .integer(let range, _): kind = "integer"; values["min"] = String(range.lowerBound); values["max"] = String(range.upperBound)
        case .oneOf(let allowed): kind = "oneOf"; values["allowed"] = allowed.joined(separator: ", ")
        case .integerList(let range): kind = "integerList"; values["min"] = String(range.lowerBound); values["max"] = String(range.upperBound)
        case .tooMany(let max): kind = "tooMany"; values["max"] = String(max)
        case .format: kind = "format"
        }
        var side: String?
        if case .integer(let range, _) = problem.kind, let number = Double(problem.value) {
            side = number < Double(range.lowerBound) ? "integer.below" : number > Double(range.upperBound) ? "integer.above" : nil
        }
        return TextTemplate.fill(side.flatMap { kinds[$0] } ?? kinds[kind] ?? other, values)
    }
}
