/// Deterministic identifiers in HighLevel's shapes: 20-character alphanumeric ids for records
/// (`yWQobCRIhRguQtD2llvk`) and lowercase UUIDs for pipeline stages (`7915dedc-8f18-44d5-8bc3-77c04e994a10`).
struct HighLevelIDGenerator: Sendable {
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func next(below bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// A 20-character record id.
    mutating func recordID() -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        var bits = next()
        for index in 0..<20 {
            if index == 10 { bits = next() }
            bytes.append(Self.alphabet[Int(bits % 62)])
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
