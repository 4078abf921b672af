import Foundation

/// The wall clock a fake provider stamps writes with, in the units providers store.
public enum FakeClock {
    /// Milliseconds since 1970, rounded down.
    public static func nowMilliseconds() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }

    /// Whole seconds since 1970, rounded down.
    public static func nowSeconds() -> Int { Int(Date().timeIntervalSince1970.rounded(.down)) }
}
