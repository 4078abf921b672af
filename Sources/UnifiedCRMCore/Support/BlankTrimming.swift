import Foundation

extension String {
    /// The text without leading and trailing `.whitespaces` (spaces, tabs and the Unicode blanks),
    /// as Foundation's `trimmingCharacters(in: .whitespaces)` gives it; on the bytes, without a
    /// Foundation round trip, when the text is ASCII (numbers in provider answers and headers).
    var trimmingBlanks: String {
        let utf8 = self.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return trimmingCharacters(in: .whitespaces) }
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = utf8.firstIndex(where: { !isBlank($0) }) else { return "" }
        let last = utf8.lastIndex(where: { !isBlank($0) })!
        if first == utf8.startIndex, last == utf8.index(before: utf8.endIndex) { return self }
        return String(self[first...last])
    }
}
