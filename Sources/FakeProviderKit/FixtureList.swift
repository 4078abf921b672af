import Foundation

/// A list an emulator serves as stored: the array under `member` of a fixture file
/// (`{"results": [...]}`), kept as read so answers repeat it verbatim, decodable for validation.
public struct FixtureList: Sendable {
    public let file: String
    public let member: String
    private let data: Data

    /// Throws when `data` has no array under `member`.
    init(file: String, member: String, data: Data) throws(FixtureError) {
        self.file = file
        self.member = member
        self.data = data
        guard Self.array(member, in: data) != nil else { throw FixtureError("\(file): no list under \"\(member)\"") }
    }

    /// The items as JSON objects, in file order.
    public var items: [[String: Any]] { (Self.array(member, in: data) ?? []).compactMap { $0 as? [String: Any] } }

    /// The items decoded as `T`.
    public func decode<T: Decodable>(_ type: T.Type) throws(FixtureError) -> [T] {
        let decoder = JSONDecoder()
        decoder.userInfo[Member<T>.nameKey] = member
        do { return try decoder.decode(Member<T>.self, from: data).items } catch {
            throw FixtureError("\(file): \(member): \(error)")
        }
    }

    private static func array(_ member: String, in data: Data) -> [Any]? {
        ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?[member] as? [Any]
    }

    /// The array under the member named in the decoder's `userInfo`.
    private struct Member<T: Decodable>: Decodable {
        static var nameKey: CodingUserInfoKey { CodingUserInfoKey(rawValue: "member")! }
        struct Key: CodingKey {
            let stringValue: String
            init(stringValue: String) { self.stringValue = stringValue }
            var intValue: Int? { nil }
            init?(intValue: Int) { nil }
        }
        let items: [T]
        init(from decoder: any Decoder) throws {
            let name = decoder.userInfo[Self.nameKey] as? String ?? ""
            items = try decoder.container(keyedBy: Key.self).decode([T].self, forKey: Key(stringValue: name))
        }
    }
}

extension ProviderFixtures {
    /// The list under `member` of `name`.
    public func list(_ name: String, member: String) throws(FixtureError) -> FixtureList {
        try FixtureList(file: directory.appendingPathComponent(name).path, member: member, data: data(name))
    }
}
