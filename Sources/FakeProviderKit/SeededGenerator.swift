/// SplitMix64: a tiny deterministic generator, so every run of an emulator seeds the same data.
///
/// The seed data (and the golden fixtures built on it) depend on the exact sequence: do not change
/// the constants or the way `int(_:)` reduces a value.
public struct SeededGenerator: Sendable {
    private var state: UInt64

    /// Starts from `seed` as it is: the first value is `mix(seed &+ gamma)`.
    public init(seed: UInt64) { state = seed }

    /// Starts from a scrambled `seed`. With a plain seed, the streams of seeds n and n + 1 are close
    /// (one `gamma` apart); scrambling makes per-record seeds (`seed = record id`) independent.
    public init(scrambling seed: UInt64) { state = Self.mix(seed &* 0xD1B5_4A32_D192_ED03 &+ 0x2545_F491_4F6C_DD1D) }

    /// SplitMix64's output function.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A number in `0..<bound` (0 when `bound` < 1).
    public mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// A number in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int { range.lowerBound + int(range.count) }

    /// True with the given percentage.
    public mutating func chance(_ percent: Int) -> Bool { int(100) < percent }

    /// One of `items` (which must not be empty).
    public mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
}
