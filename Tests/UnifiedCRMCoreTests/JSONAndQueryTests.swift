import Foundation
import Testing
@testable import UnifiedCRMCore

@Suite struct JSONParserTests {
    @Test func parsesEveryKindAndEscapes() throws {
        let text = #"{"a":[1,-2.5,3e2,true,false,null],"s":"q\"\\\/\n\u00e9\ud83d\ude00","o":{}}"#
        let value = try JSONParser.parse(Array(text.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(value["s"] == .string("q\"\\/\né😀"))
        #expect(value["o"] == .object([:]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "tru", "\"abc", "{\"a\":1}x", "01x", "\"\u{01}\""])
    func rejectsMalformedInput(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func capturesTheBytesOfEachRecordAtTheRoot() throws {
        let text = #"{"meta":{"n":2},"results":[{"id":"1","x":[1,2]}, {"id":"2"}]}"#
        let bytes = Array(text.utf8)
        var parser = JSONParser(bytes: bytes, capturePath: ["results"])
        _ = try parser.parseDocument()
        #expect(parser.capturedRanges.map { String(decoding: bytes[$0], as: UTF8.self) } == [#"{"id":"1","x":[1,2]}"#, #"{"id":"2"}"#])
    }

    @Test func writerRoundTripsAndEscapes() throws {
        let value = JSONValue.from(#"{"b":"line\nbreak \"q\" \u0001","a":[1.5,2,null,{"z":false}]}"#)
        let bytes = JSONWriter.encode(value)
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"a":[1.5,2,null,{"z":false}],"b":"line\nbreak \"q\" \u0001"}"#)
        #expect(try JSONParser.parse(bytes) == value)
    }
}

@Suite struct QueryStringTests {
    @Test func parsesQsStyleNestingAndLists() {
        let parsed = QueryString.parse("a=1&list[]=x&list[]=y&remote_query[foo]=bar&remote_query[n][m]=v%20w&plus=a+b&flag")
        #expect(parsed["a"] == .string("1"))
        #expect(parsed["list"] == .array([.string("x"), .string("y")]))
        #expect(parsed["remote_query"] == .object(["foo": .string("bar"), "n": .object(["m": .string("v w")])]))
        #expect(parsed["plus"] == .string("a b"))
        #expect(parsed["flag"] == .string(""))
        #expect(QueryString.parse("truto_exclude_fields%5B%5D=a&truto_exclude_fields%5B%5D=b")["truto_exclude_fields"] == .array([.string("a"), .string("b")]))
    }

    @Test func encodesBackToQs() {
        let object: [String: JSONValue] = ["r": .object(["a": .string("x y"), "b": .array([.string("1"), .string("2")])])]
        #expect(QueryString.encode(object) == "r[a]=x%20y&r[b][]=1&r[b][]=2")
        #expect(QueryString.parse(QueryString.encode(object)) == object)
    }

    @Test func unifiedQueryParsesTrutoParameters() throws {
        let id = UUID()
        let query = try UnifiedQuery.parse("integrated_account_id=\(id)&truto_response_format=normalized&truto_ignore_remote_data=true&truto_exclude_fields[]=stage.name&limit=5&next_cursor=abc&truto_key_by=id&truto_ignore_limit=false&remote_query[q]=1")
        #expect(query.accountID == id)
        #expect(query.format == .normalized)
        #expect(query.ignoreRemoteData)
        #expect(query.excludeFields == [["stage", "name"]])
        #expect(query.limit == 5)
        #expect(query.cursor == "abc")
        #expect(query.keyBy == "id")
        #expect(!query.ignoreLimit)
        #expect(query.remoteQuery == ["q": .string("1")])
    }

    @Test func pageCursorsAreOpaqueAndChecked() throws {
        let cursor = PageCursor.encode(["startAfter": "1700000000000", "startAfterId": "abc"])
        #expect(try PageCursor.decode(cursor, expected: ["startAfter", "startAfterId"]) == ["startAfter": "1700000000000", "startAfterId": "abc"])
        #expect(throws: APIError.self) { try PageCursor.decode(cursor, expected: ["after"]) }
        #expect(throws: APIError.self) { try PageCursor.decode("!!", expected: ["after"]) }
    }
}

@Suite struct ValueTypeTests {
    @Test func conversionsBothWays() {
        #expect(ValueType.decimalString.read(.string("1500.00")) == .number(1500))
        #expect(ValueType.decimalString.write(.number(1500.5)) == .string("1500.5"))
        #expect(ValueType.decimalString.write(.string("1500")) == nil)
        #expect(ValueType.idNumber.read(.number(42)) == .string("42"))
        #expect(ValueType.idNumber.write(.string("42")) == .number(42))
        #expect(ValueType.idNumber.write(.string("x42")) == nil)
        #expect(ValueType.id.write(.number(7)) == .string("7"))
        #expect(ValueType.datetime.read(.string("2024-01-31T10:00:00+02:00")) == .string("2024-01-31T08:00:00.000Z"))
        #expect(ValueType.datetime.read(.string("2024-01-31 10:00:00")) == .string("2024-01-31T10:00:00.000Z"))
        #expect(ValueType.datetime.write(.string("yesterday")) == nil)
        #expect(ValueType.date.read(.string("2024-02-29")) == .string("2024-02-29T00:00:00.000Z"))
        #expect(ValueType.date.write(.string("2024-02-29T23:00:00Z")) == .string("2024-02-29"))
        #expect(ValueType.epochMillis.read(.number(1_700_000_000_000)) == .string("2023-11-14T22:13:20.000Z"))
        #expect(ValueType.epochMillis.write(.string("2023-11-14T22:13:20Z")) == .number(1_700_000_000_000))
        #expect(ValueType.boolean.read(.string("true")) == .bool(true))
        #expect(ValueType.string.read(.number(3)) == .string("3"))
        #expect(ValueType.number.write(.string("3")) == nil)
        #expect(ValueType.passthrough.write(.array([])) == .array([]))
        #expect(ValueType.moneyCents.read(.number(150050)) == .number(1500.5))
        #expect(ValueType.moneyCents.write(.number(0.1 + 0.2)) == .number(30))
    }
}

@Suite struct RecordRendererTests {
    let record = UnifiedRecord(fields: ["id": .string("1"), "name": .string("n"), "stage": .object(["id": .string("s"), "name": .string("S")])],
                               nativeBytes: Array(#"{"id":1,"secret_stage":"x"}"#.utf8)[...])

    func render(_ query: String) throws -> JSONValue {
        let renderer = RecordRenderer(schema: opportunitySchema, query: try UnifiedQuery.parse("integrated_account_id=\(UUID())&" + query))
        return try JSONParser.parse(renderer.writeSingle(record))
    }

    @Test func unifiedPassesTheProviderBytesThrough() throws {
        #expect(try render("")["remote_data"] == .from(#"{"id":1,"secret_stage":"x"}"#))
    }

    @Test func excludeFieldsDropsDottedPathsIncludingInRemoteData() throws {
        let value = try render("truto_exclude_fields[]=stage.name&truto_exclude_fields[]=remote_data.secret_stage")
        #expect(value["stage"] == .object(["id": .string("s")]))
        #expect(value["remote_data"] == .object(["id": .number(1)]))
    }

    @Test func normalizedHasEveryFieldAndNoRemoteData() throws {
        let value = try render("truto_response_format=normalized")
        #expect(value.objectValue?.count == opportunitySchema.fieldNames.count)
        #expect(value["amount"] == .null)
        #expect(value["remote_data"] == nil)
    }

    @Test func streamLinesStayOneLineWhenTheProviderPrettyPrints() throws {
        // Regression: a provider's pretty-printed record broke NDJSON into several lines.
        let pretty = UnifiedRecord(fields: ["id": .string("1")], nativeBytes: Array("{\n  \"id\": 1,\r\n  \"note\": \"a b\"\n}".utf8)[...])
        let renderer = RecordRenderer(schema: opportunitySchema, query: try UnifiedQuery.parse("integrated_account_id=\(UUID())"))
        var writer = JSONWriter()
        renderer.write(pretty, into: &writer, singleLine: true)
        #expect(!writer.bytes.contains(0x0A) && !writer.bytes.contains(0x0D))
        #expect(try JSONParser.parse(writer.bytes)["remote_data"] == .from(#"{"id":1,"note":"a b"}"#))
    }

    @Test func keyByMakesAnObjectOfRecords() throws {
        let renderer = RecordRenderer(schema: opportunitySchema, query: try UnifiedQuery.parse("integrated_account_id=\(UUID())&truto_key_by=id&truto_ignore_remote_data=true"))
        let list = try JSONParser.parse(renderer.writeList([record], nextCursor: "c"))
        #expect(list == .from(#"{"result":{"1":{"id":"1","name":"n","stage":{"id":"s","name":"S"}}},"next_cursor":"c","result_count":1}"#))
    }
}

@Suite struct DateConversionTests {
    @Test(arguments: [
        ("2024-01-31T10:00:00Z", "2024-01-31T10:00:00.000Z"),
        ("2024-01-31T10:00:00.5Z", "2024-01-31T10:00:00.500Z"),
        ("2024-01-31T10:00:00.123456Z", "2024-01-31T10:00:00.123Z"),
        ("2024-01-31T00:30:00+01:00", "2024-01-30T23:30:00.000Z"),
        ("2024-01-31T23:30:00-0230", "2024-02-01T02:00:00.000Z"),
        ("2024-02-29 12:00:00", "2024-02-29T12:00:00.000Z"),
        ("1969-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z"),
        ("2000-03-01T00:00:00Z", "2000-03-01T00:00:00.000Z"),
    ])
    func parsesProviderDateTimes(text: String, expected: String) {
        #expect(ValueType.datetime.read(.string(text)) == .string(expected))
    }

    @Test(arguments: ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-31T24:00:00Z", "2024-01-31T10:00:00Zjunk", "31/01/2024", "2024-01-31T10:00"])
    func rejectsImpossibleOrForeignShapes(text: String) {
        #expect(ValueType.datetime.read(.string(text)) == nil)
    }

    @Test func formatsAgreeWithFoundationOverARange() {
        // Foundation's fractional output rounds through a Double (off by 1 ms at times), so the
        // seconds are compared with Foundation and the milliseconds with the integer.
        let formatter = Date.ISO8601FormatStyle()
        for ms in stride(from: Int64(-2_208_988_800_000), to: 4_102_444_800_000, by: 86_400_000 * 37 + 12_345_678) {
            let date = Date(epochMilliseconds: ms)
            let floorSeconds = Date(epochMilliseconds: ms - ((ms % 1000) + 1000) % 1000)
            #expect(date.iso8601Milliseconds.prefix(19) + "Z" == floorSeconds.formatted(formatter))
            #expect(date.iso8601Milliseconds.dropFirst(20).prefix(3) == String(format: "%03lld", ((ms % 1000) + 1000) % 1000))
            #expect(ISODate.fastParse(Array(date.iso8601Milliseconds.utf8)) == ms)
        }
    }
}
