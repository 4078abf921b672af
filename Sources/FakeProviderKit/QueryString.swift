import Foundation

/// Query strings a provider writes itself (next-page links): name-value pairs percent-encoded,
/// `&`, `=` and `+` included, in the order given.
public enum QueryString {
    private static let allowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+")
        return set
    }()

    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    /// `pairs` without any pair named in `replacements`, then `replacements` in their order.
    public static func replacing(_ pairs: [(String, String)], with replacements: [(String, String)]) -> [(String, String)] {
        let names = Set(replacements.map(\.0))
        return pairs.filter { !names.contains($0.0) } + replacements
    }

    private static func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
}
