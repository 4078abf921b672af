import Foundation

/// The opaque `next_cursor` of account lists: base64url of `a:<seq>`.
public enum AccountCursor {
    public static func encode(_ after: Int64) -> String {
        Data("a:\(after)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor, or a 400 naming `next_cursor`.
    public static func decode(_ cursor: String) throws -> Int64 {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8),
              text.hasPrefix("a:"), let seq = Int64(text.dropFirst(2)), seq >= 0
        else {
            throw APIError.invalidParameter("next_cursor", "The parameter `next_cursor` is not a cursor this server issued.")
        }
        return seq
    }
}
