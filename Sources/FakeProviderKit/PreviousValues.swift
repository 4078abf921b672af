import Foundation

/// The old values of what a write changed, as change events carry them (Pipedrive's `previous`):
/// every member of the old JSON object whose value differs in the new one (JSON null for members
/// the old one lacks), apart from `ignoring`. A member named in `nested` (an object of custom
/// fields) holds only the old values of its own changed members.
public enum PreviousValues {
    /// The previous values; empty when nothing but ignored members changed.
    public static func of(_ old: [String: Any], _ new: [String: Any], ignoring: [String] = [], nested: Set<String> = []) -> [String: Any] {
        let changed = FakeJSON.changedMembers(from: old, to: new).filter { !ignoring.contains($0) }
        return Dictionary(uniqueKeysWithValues: changed.map { name in
            guard nested.contains(name) else { return (name, old[name] ?? NSNull()) }
            return (name, of(old[name] as? [String: Any] ?? [:], new[name] as? [String: Any] ?? [:]))
        })
    }
}
