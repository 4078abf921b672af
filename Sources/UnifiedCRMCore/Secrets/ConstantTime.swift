/// Comparisons of secrets (tokens, signatures, credentials) in time that depends only on the
/// lengths, never on where the first difference is.
public enum ConstantTime {
    public static func equal(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: x.count ^ y.count)
        for i in 0..<max(x.count, y.count) {
            difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0)
        }
        return difference == 0 && x.count == y.count
    }

    public static func equal(_ a: String, _ b: String) -> Bool { equal(Array(a.utf8), Array(b.utf8)) }
}
