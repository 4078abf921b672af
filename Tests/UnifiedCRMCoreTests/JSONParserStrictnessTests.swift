import Foundation
import Testing
import UnifiedCRMCore

/// The parser's bounds and strictness: no input may crash the process (depth, size), integers of
/// any length stay exact, and what RFC 8259 rejects is rejected.
@Suite struct JSONParserStrictnessTests {
    @Test func deepNestingIsAnErrorNotACrash() {
        // Regression: 100 KB of `[` used to overflow the stack (SIGSEGV) in the recursive parser.
        let brackets = [UInt8](repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(brackets, limits: .requestBody) }
        do { _ = try JSONParser.parse(brackets) } catch let error as JSONParseError {
            #expect(error.kind == .tooDeep)
            #expect(error.message.contains("512"))
        } catch { Issue.record("unexpected \(error)") }
        let objects = Array(String(repeating: "{\"a\":", count: 50_000).utf8)
        #expect((try? JSONParser.parse(objects)) == nil)
    }

    @Test func theDepthLimitIsExactly512() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONParser.parse(Array(ok.utf8)) != .null)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test func documentsOverTheSizeLimitAreRefused() {
        let big = Array("\"\(String(repeating: "x", count: 2000))\"".utf8)
        do { _ = try JSONParser.parse(big, limits: JSONLimits(maxBytes: 1000)); Issue.record("expected too_large") } catch let error as JSONParseError {
            #expect(error.kind == .tooLarge)
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test(arguments: ["4150868000001234567", "18446744073709551616", "-9223372036854775809", "123456789012345678901234567890", "9007199254740993"])
    func integersOfAnyLengthRoundTripByteForByte(text: String) throws {
        // Regression: `{"id":4150868000001234567}` used to read as 4.1508680000012344e+18.
        let document = #"{"id":\#(text)}"#
        let value = try JSONParser.parse(Array(document.utf8))
        #expect(String(decoding: JSONWriter.encode(value), as: UTF8.self) == document)
        #expect(value["id"]?.scalarText == text)
        #expect(ValueType.id.read(value["id"]!) == .string(text))
        #expect(ValueType.idNumber.write(.string(text)).map { String(decoding: JSONWriter.encode($0), as: UTF8.self) } == text)
    }

    @Test func numbersCompareByValue() throws {
        #expect(try JSONParser.parse(Array("2".utf8)) == .number(2.0))
        #expect(try JSONParser.parse(Array("2.50".utf8)) == .number(2.5))
        #expect(try JSONParser.parse(Array("1e2".utf8)) == .number(100))
        #expect(Set([JSONValue.number(2), try JSONParser.parse(Array("2.0".utf8))]).count == 1)
    }

    @Test(arguments: [
        "01", "-01", "00", "1.", ".5", "-", "+1", "1e", "1e+", "0x10", "1.2.3", "--1", "1 2", "NaN", "Infinity",
        "[1,]", "{\"a\":1,}", "[,1]", "{'a':1}", "{\"a\" 1}", "\"\\x\"", "\"\\u12\"", "\"\\uD800\"", "\"\\uDC00\"",
        "\"a\u{0001}b\"", "tru", "nul", "[", "]", "{", "\"", "", " ", "1e400",
    ])
    func rfc8259Violations(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func invalidUTF8IsRejected() throws {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xF8, 0x88, 0x80, 0x80, 0x80, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        }
        #expect(try JSONParser.parse(Array("\"é😀\"".utf8)) == .string("é😀"))
    }

    @Test(arguments: ["0", "-0", "0.5", "-0.5e-3", "1E+2", "[]", "{}", "\"\\u00e9\\ud83d\\ude00\"", " \t\n\r[1 , {\"a\" : null}] ", "true", "[false,null]"])
    func validDocumentsParse(text: String) throws {
        _ = try JSONParser.parse(Array(text.utf8))
    }
}
