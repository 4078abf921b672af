/// Deterministic record ids in the alphanumeric form several providers use (HighLevel's
/// `yWQobCRIhRguQtD2llvk`). The seeded records depend on the exact draw: do not change it.
extension SeededGenerator {
    private static let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// `length` characters of `[0-9A-Za-z]`, ten from each 64-bit draw (62^10 < 2^64).
    public mutating func alphanumericID(length: Int = 20) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(length)
        var bits: UInt64 = 0
        for index in 0..<length {
            if index % 10 == 0 { bits = next() }
            bytes.append(Self.alphanumerics[Int(bits % 62)])
            bits /= 62
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
