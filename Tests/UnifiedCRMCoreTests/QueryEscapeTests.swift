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
}
