import Foundation
import Testing
import UnifiedCRMCore

/// The parser against Foundation's `JSONSerialization` on random and adversarial inputs: both
/// accept or both refuse, and what both accept reads the same. Seeded, so a failure reproduces.
@Suite struct JSONParserFuzzTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\uD83D", "\\uDE00", "\\n", "0", "1", "-", ".", "e", "E", "+",
                         "true", "false", "null", " ", "\n", "a", "é", "\u{1F600}", "\u{0001}", "00", "1.5", "\"k\"", "12345678901234567890"]

    /// A random valid document, as text.
    static func document(_ rng: inout SplitMix, depth: Int = 0) -> String {
        let choice = depth > 6 ? Int.random(in: 0..<4, using: &rng) : Int.random(in: 0..<6, using: &rng)
        switch choice {
        case 0: return ["true", "false", "null"].randomElement(using: &rng)!
        case 1: return String(Int.random(in: -1_000_000...1_000_000, using: &rng)) + (Bool.random(using: &rng) ? "" : ".\(Int.random(in: 0...999, using: &rng))")
        case 2: return "\"" + (0..<Int.random(in: 0...6, using: &rng)).map { _ in ["a", "é", "\\n", "\\\"", "\\u00e9", "\\ud83d\\ude00", " ", "\u{1F600}"].randomElement(using: &rng)! }.joined() + "\""
        case 3: return String(Int64.random(in: Int64.min...Int64.max, using: &rng))
        case 4: return "[" + (0..<Int.random(in: 0...4, using: &rng)).map { _ in document(&rng, depth: depth + 1) }.joined(separator: ",") + "]"
        default: return "{" + (0..<Int.random(in: 0...4, using: &rng)).map { i in "\"k\(i)\":" + document(&rng, depth: depth + 1) }.joined(separator: ",") + "}"
        }
    }

    /// Foundation's reading of bytes as a `JSONValue`, or nil when it refuses them.
    static func foundation(_ bytes: [UInt8]) -> JSONValue? {
        guard let any = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else { return nil }
        return convert(any)
    }

    static func convert(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let string as String: return .string(string)
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        case let array as [Any]: return .array(array.map(convert))
        case let object as [String: Any]: return .object(object.mapValues(convert))
        default: return .string("?\(any)")
        }
    }

    /// Equal, numbers within a relative 1e-12: Foundation reads long integers and long decimals
    /// through its own (not correctly rounded) conversion; ours keeps integers exact and uses
    /// Swift's correctly rounded `Double(String)`.
    static func alike(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            let (u, v) = (x.double, y.double)
            return abs(u - v) <= 1e-12 * max(abs(u), abs(v), 1)
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(alike)
        case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { key, value in y[key].map { alike(value, $0) } ?? false }
        default: return a == b
        }
    }

    /// Inputs where the two parsers may disagree by design: numbers beyond a double's range
    /// (RFC 8259 §6 lets us refuse them; Foundation reads some as infinity).
    static func isDeliberateDifference(_ text: String) -> Bool {
        text.range(of: "[eE][+-]?[0-9]{3,}", options: .regularExpression) != nil
    }

    func check(_ bytes: [UInt8], _ mismatches: inout [String]) {
        let ours = try? JSONParser.parse(bytes)
        let theirs = Self.foundation(bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        if Self.isDeliberateDifference(text) { return }
        switch (ours, theirs) {
        case (nil, nil): return
        case (let a?, let b?) where Self.alike(a, b): return
        default: mismatches.append("\(text.debugDescription): ours \(ours.map { "\($0)" } ?? "refused"), Foundation's \(theirs.map { "\($0)" } ?? "refused")")
        }
    }

    @Test func randomValidDocumentsReadAlike() {
        var rng = SplitMix(state: 0x5EED)
        var mismatches: [String] = []
        for _ in 0..<2_000 { check(Array(Self.document(&rng).utf8), &mismatches) }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func mutatedDocumentsAreAcceptedOrRefusedAlike() {
        var rng = SplitMix(state: 0xF00D)
        var mismatches: [String] = []
        for _ in 0..<4_000 {
            var text = Array(Self.document(&rng))
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = text.isEmpty ? 0 : Int.random(in: 0..<text.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: text.insert(contentsOf: Self.pieces.randomElement(using: &rng)!, at: at)
                case 1: if !text.isEmpty { text.remove(at: at) }
                default: if !text.isEmpty { text.replaceSubrange(at...at, with: Self.pieces.randomElement(using: &rng)!) }
                }
            }
            check(Array(String(text).utf8), &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test func randomBytesNeverCrash() {
        var rng = SplitMix(state: 0xBAD)
        var mismatches: [String] = []
        for _ in 0..<3_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            check(bytes, &mismatches)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
