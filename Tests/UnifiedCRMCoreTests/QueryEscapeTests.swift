import Foundation
import Testing
import UnifiedCRMCore

/// `QueryString.escape` percent-encodes exactly what RFC 3986 does not leave unreserved, byte for
/// byte as Foundation's `addingPercentEncoding` with the unreserved set would.
@Suite struct QueryEscapeTests {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    @Test(arguments: ["", "plain-Text_0.9~", "a b&c=d", "properties[]=x/y", "ünïcødé €", "😀 emoji", "100%", "\u{0}\u{7F}", "a+b?c#d"])
    func escapesLikeFoundation(text: String) {
        #expect(QueryString.escape(text) == text.addingPercentEncoding(withAllowedCharacters: Self.unreserved))
    }

    @Test func randomStringsAgreeWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let scalars = (0..<Int.random(in: 0...12, using: &generator)).compactMap { _ in Unicode.Scalar(UInt32.random(in: 0...0x2FFF, using: &generator)) }
            let text = String(String.UnicodeScalarView(scalars))
            #expect(QueryString.escape(text) == text.addingPercentEncoding(withAllowedCharacters: Self.unreserved), "\(text.debugDescription)")
        }
    }

    /// `QueryString.decode` reads `+` as a space and percent-escapes as Foundation's
    /// `removingPercentEncoding` does, keeping the text when an escape is malformed or decodes to
    /// invalid UTF-8. (Foundation is not consistent there: `%FF` gives nil, a stray continuation
    /// byte `%A9` gives U+FFFD; decode keeps the text for both.)
    static func foundation(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        guard let decoded = spaced.removingPercentEncoding, !decoded.contains("\u{FFFD}") else { return spaced }
        return decoded
    }

    @Test(arguments: ["", "plain", "a+b", "a%20b", "%E2%82%AC+%26", "100%", "%4", "%zz", "%FF", "%C3%A9%", "%2B+%2b", "a%00b", "%F0%9F%98%80"])
    func decodesLikeFoundation(text: String) {
        #expect(QueryString.decode(text) == Self.foundation(text), "\(text)")
        #expect(QueryString.decode("a%A9b") == "a%A9b" && QueryString.decode("%C3%A9+x") == "é x")
    }

    @Test func randomEscapesDecodeLikeFoundation() {
        var generator = SystemRandomNumberGenerator()
        let pieces = ["%", "+", "a", "%2", "%41", "%C3", "%A9", "%E2%82%AC", "%FF", "%zz", "é", " ", "="]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(QueryString.decode(text) == Self.foundation(text), "\(text)")
        }
    }
}
