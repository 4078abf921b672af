import Foundation

/// Values a provider computes from a record instead of storing them, one rule each, as data:
///
/// ```json
/// {"amount_in_home_currency": {"copy": "amount"},
///  "num_associated_contacts": {"count": "contacts"},
///  "hs_deal_stage_probability": {"stage_of": "dealstage", "member": "metadata.probability"},
///  "hs_is_closed": {"stage_of": "dealstage", "matches": {"metadata.isClosed": "true"}}}
/// ```
///
/// `copy`: another stored value. `count`: how many ids a related list holds. `stage_of` + `member`:
/// a member (dotted path) of the pipeline stage the record's `stage_of` value names. `stage_of` +
/// `matches`: "true" when that stage's members equal every given text, else "false" (no stage too).
public struct DerivedValues: Sendable, Decodable {
    public struct Rule: Sendable, Decodable, Equatable {
        let copy: String?
        let count: String?
        let stageOf: String?
        let member: String?
        let matches: [String: String]?

        enum CodingKeys: String, CodingKey { case copy, count, member, matches, stageOf = "stage_of" }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            copy = try c.decodeIfPresent(String.self, forKey: .copy)
            count = try c.decodeIfPresent(String.self, forKey: .count)
            stageOf = try c.decodeIfPresent(String.self, forKey: .stageOf)
            member = try c.decodeIfPresent(String.self, forKey: .member)
            matches = try c.decodeIfPresent([String: String].self, forKey: .matches)
            let forms = [copy != nil, count != nil, stageOf != nil && (member != nil) != (matches != nil)]
            guard forms.filter({ $0 }).count == 1, stageOf == nil || forms[2] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                    debugDescription: "a derived value is one of {copy}, {count}, {stage_of, member} or {stage_of, matches}"))
            }
        }
    }

    public let rules: [String: Rule]

    public init(from decoder: any Decoder) throws { rules = try [String: Rule](from: decoder) }

    /// The value of `name` for a record's stored texts, related id counts and a way to find a
    /// stage's members by id; nil when `name` has no rule or its source is empty.
    public func value(_ name: String, stored: [String: String], counts: [String: Int],
                      stage: (String) -> [String: RecordValue]?) -> String? {
        guard let rule = rules[name] else { return nil }
        if let copy = rule.copy { return stored[copy] }
        if let count = rule.count { return String(counts[count] ?? 0) }
        let members = rule.stageOf.flatMap { stored[$0] }.flatMap(stage)
        func at(_ path: String) -> RecordValue? {
            let keys = path.split(separator: ".").map(String.init)
            return keys.dropFirst().reduce(members?[keys[0]]) { $0?.object?[$1] }
        }
        if let member = rule.member { return at(member)?.messageText }
        let all = rule.matches ?? [:]
        return String(members != nil && all.allSatisfy { at($0.key)?.messageText == $0.value })
    }
}
