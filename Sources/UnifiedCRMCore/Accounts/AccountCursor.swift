import Foundation

/// The opaque `next_cursor` of admin lists: base64url of `<kind>:<seq>` (`a` accounts, `e` events),
/// so a cursor of one list is refused by another.
public enum AccountCursor {
    public static func encode(_ after: Int64, kind: String = "a") -> String {
        Base64URL.encode(Data("\(kind):\(after)".utf8))
    }

    /// Decodes a cursor, or a 400 naming `next_cursor`.
    public static func decode(_ cursor: String, kind: String = "a") throws -> Int64 {
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("\(kind):"), let seq = Int64(text.dropFirst(kind.count + 1)), seq >= 0
        else {
            throw APIError.invalidParameter("next_cursor", "The parameter `next_cursor` is not a cursor this server issued.")
        }
        return seq
    }
}
