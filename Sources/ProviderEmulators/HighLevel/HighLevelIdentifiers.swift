import FakeProviderKit

/// Deterministic identifiers in HighLevel's shapes: 20-character alphanumeric ids for records
/// (`yWQobCRIhRguQtD2llvk`) and lowercase UUIDs for pipeline stages (`7915dedc-8f18-44d5-8bc3-77c04e994a10`).
extension SeededGenerator {
    private static let highLevelAlphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A 20-character HighLevel record id.
    mutating func recordID() -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        var bits = next()
        for index in 0..<20 {
            if index == 10 { bits = next() }
            bytes.append(Self.highLevelAlphabet[Int(bits % 62)])
            bits /= 62
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A lowercase UUID string.
    mutating func uuid() -> String {
        let hex = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        var bits = next()
        var used = 0
        for index in 0..<32 {
            if used == 16 { bits = next(); used = 0 }
            if [8, 12, 16, 20].contains(index) { bytes.append(UInt8(ascii: "-")) }
            bytes.append(hex[Int(bits & 0xF)])
            bits >>= 4
            used += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
