import Foundation

/// The opaque `next_cursor` of account lists: base64url of `a:<seq>`.
public enum AccountCursor {
    public static func encode(_ after: Int64) -> String {
        Base64URL.encode(Data("a:\(after)".utf8))
    }

    /// Decodes a cursor, or a 400 naming `next_cursor`.
    public static func decode(_ cursor: String) throws -> Int64 {
        guard let data = Base64URL.decode(cursor), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("a:"), let seq = Int64(text.dropFirst(2)), seq >= 0
        else {
            throw APIError.invalidParameter("next_cursor", "The parameter `next_cursor` is not a cursor this server issued.")
        }
        return seq
    }
}
