import Foundation

/// The kinds of records a record is associated with, as data (`associations.json`): for each kind,
/// the names a query gives it (`kinds(named:)`), the type ids a write body may give and the label
/// a read shows; where a write body's entry keeps its target id, type list, category and type id
/// (`input`), the category it must name, how a read lays out a kind's entries (`answer`) and the
/// messages of a bad body (`{category}` and `{typeId}`, `null` when missing, in `badType`).
///
/// ```json
/// {"category": "DEFINED", "kinds": {"companies": {"names": ["companies", "0-2"], "typeIds": [5], "label": "deal_to_company"}},
///  "input": {"target": ["to", "id"], "types": "types", "category": "associationCategory", "typeId": "associationTypeId"},
///  "answer": {"list": "results", "id": "id", "label": "type"},
///  "messages": {"notList": "...", "badEntry": "...", "badTarget": "...", "badType": "{category} {typeId} is not valid"}}
/// ```
public struct AssociationTypes: Sendable, Decodable {
    public struct Kind: Sendable, Decodable {
        public let names: [String]
        public let typeIds: [Int]
        public let label: String
    }
    public struct Input: Sendable, Decodable { public let target: [String], types: String, category: String, typeId: String }
    public struct Answer: Sendable, Decodable { public let list: String, id: String, label: String }
    public struct Messages: Sendable, Decodable { public let notList: String, badEntry: String, badTarget: String, badType: String }

    public let category: String
    public let kinds: [String: Kind]
    public let input: Input
    public let answer: Answer
    public let messages: Messages

    /// The kinds `names` ask for (any case), in order, each once; unknown names are ignored.
    public func kinds(named names: [String]) -> [String] {
        var found: [String] = []
        for name in names {
            if let kind = kinds.first(where: { $0.value.names.contains(name.lowercased()) })?.key, !found.contains(kind) { found.append(kind) }
        }
        return found
    }

    /// A write body's list of associations (absent or null: none) as target ids by kind, each id once;
    /// a target id is an integer or its text. A bad body throws `failure` of the message.
    public func ids<E: Error>(_ raw: Any?, failure: (String) -> E) throws(E) -> [String: [String]] {
        guard let raw, !(raw is NSNull) else { return [:] }
        guard let list = raw as? [Any] else { throw failure(messages.notList) }
        var ids: [String: [String]] = [:]
        for item in list {
            guard let entry = item as? [String: Any], let types = entry[input.types] as? [[String: Any]], !types.isEmpty,
                  let holder = input.target.dropLast().reduce(entry as Any?, { ($0 as? [String: Any])?[$1] }) as? [String: Any] else {
                throw failure(messages.badEntry)
            }
            let value = input.target.last.flatMap { holder[$0] }.flatMap { RecordValue(foundation: $0) }
            guard let id = value?.string.flatMap({ Int64($0) != nil ? $0 : nil }) ?? value?.int64.map(String.init) else {
                throw failure(messages.badTarget)
            }
            for type in types {
                let (category, typeID) = (type[input.category] as? String, (type[input.typeId] as? NSNumber)?.intValue)
                guard category == self.category, let typeID, let kind = kinds.first(where: { $0.value.typeIds.contains(typeID) })?.key else {
                    throw failure(TextTemplate.fill(messages.badType, ["category": category ?? "null", "typeId": typeID.map(String.init) ?? "null"]))
                }
                if !(ids[kind] ?? []).contains(id) { ids[kind, default: []].append(id) }
            }
        }
        return ids
    }

    /// A read's associations of the kinds `asked`, each kind's ids with its label (kinds without ids left out).
    public func json(_ associated: [String: [String]], kinds asked: [String]) -> [String: Any] {
        var members: [String: Any] = [:]
        for kind in asked {
            guard let ids = associated[kind], !ids.isEmpty, let label = kinds[kind]?.label else { continue }
            members[kind] = [answer.list: ids.map { [answer.id: $0, answer.label: label] }]
        }
        return members
    }
}
