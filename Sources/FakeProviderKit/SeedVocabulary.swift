import Foundation

/// The words a provider's deterministic seed picks from: `seed.json` in its fixtures, lists of
/// strings by name (other members, such as `_comment`, are ignored). Lists keep their file order,
/// which the seeded records depend on.
public struct SeedVocabulary: Sendable {
    private let lists: [String: [String]]

    /// Reads `file`; throws unless each of `required` is a non-empty list of strings.
    public init(fixtures: ProviderFixtures, file: String = "seed.json", required: [String]) throws(FixtureError) {
        let object = try fixtures.object(file)
        var lists: [String: [String]] = [:]
        for (name, value) in object { if let words = value as? [String] { lists[name] = words } }
        for name in required where lists[name]?.isEmpty ?? true {
            throw FixtureError("\(fixtures.directory.appendingPathComponent(file).path): \"\(name)\" must be a non-empty list of strings")
        }
        self.lists = lists
    }

    /// The list `name` (empty when the file has none).
    public subscript(name: String) -> [String] { lists[name] ?? [] }
}
