/// A JSON number that keeps integers exact: an integer of any length round-trips byte for byte
/// (several CRMs use 64-bit ids, which a `Double` corrupts above 2^53).
///
/// Integers that fit in `Int64` are held as such; longer integers keep their decimal text; other
/// numbers are `Double`. Equality is numeric between the first two forms (`2 == 2.0`).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    enum Storage: Sendable {
        case integer(Int64)
        /// An integer outside `Int64`'s range, as its canonical decimal text (optional `-`, no leading zeros).
        case bigInteger(String)
        case double(Double)
    }

    let storage: Storage

    public init(_ value: Int64) { storage = .integer(value) }
    public init(_ value: Int) { storage = .integer(Int64(value)) }

    /// A double; integral values within `Int64` are held as integers (so they print without `.0`).
    public init(_ value: Double) {
        if value.rounded() == value, abs(value) < 9.2e18, let exact = Int64(exactly: value) {
            storage = .integer(exact)
        } else {
            storage = .double(value)
        }
    }

    /// From RFC 8259 number text already validated by the parser.
    init(validatedText text: some Collection<UInt8>, isInteger: Bool) {
        let string = String(decoding: text, as: UTF8.self)
        if isInteger {
            storage = Int64(string).map(Storage.integer) ?? .bigInteger(string)
        } else {
            storage = .double(Double(string) ?? .nan)
        }
    }

    /// The value as a `Double` (long integers lose precision here, as anywhere a double is needed).
    public var double: Double {
        switch storage {
        case .integer(let i): Double(i)
        case .bigInteger(let text): Double(text) ?? .nan
        case .double(let d): d
        }
    }

    /// The value as an `Int64` when it is an integer that fits.
    public var int64: Int64? {
        switch storage {
        case .integer(let i): i
        case .bigInteger: nil
        case .double(let d): Int64(exactly: d)
        }
    }

    /// True for integers (of any length) and integral doubles.
    public var isInteger: Bool {
        switch storage {
        case .integer, .bigInteger: true
        case .double(let d): d.isFinite && d.rounded() == d
        }
    }

    /// JSON text: integers exactly as read, other numbers in Swift's shortest round-trip form;
    /// `null` for non-finite values (JSON has no NaN or infinity).
    public var description: String {
        switch storage {
        case .integer(let i): String(i)
        case .bigInteger(let text): text
        case .double(let d):
            if !d.isFinite { "null" } else if d.rounded() == d, abs(d) < 1e16 { String(Int64(d)) } else { String(d) }
        }
    }

    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.bigInteger(let a), .bigInteger(let b)): a == b
        case (.bigInteger, _), (_, .bigInteger): false
        case (.integer(let a), .integer(let b)): a == b
        default: lhs.double == rhs.double
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .bigInteger(let text): hasher.combine(text)
        default:
            // Equal values hash alike: integral doubles hash as their integer.
            if let i = int64 { hasher.combine(i) } else { hasher.combine(double) }
        }
    }

    public static func + (lhs: JSONNumber, rhs: JSONNumber) -> JSONNumber {
        if let a = lhs.int64, let b = rhs.int64, case (let sum, false) = a.addingReportingOverflow(b) { return JSONNumber(sum) }
        return JSONNumber(lhs.double + rhs.double)
    }
}
