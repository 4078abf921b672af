import FakeProviderKit
import Foundation
import Testing

@Suite struct DerivedValuesTests {
    static let rules = """
        {"home": {"copy": "amount"}, "contacts": {"count": "contacts"},
         "probability": {"stage_of": "stage", "member": "metadata.probability"},
         "won": {"stage_of": "stage", "matches": {"metadata.isClosed": "true", "metadata.probability": "1.0"}}}
        """

    @Test func eachRuleComputesItsValueFromTheRecordAndItsStage() throws {
        let derived = try JSONDecoder().decode(DerivedValues.self, from: Data(Self.rules.utf8))
        let stages: [String: [String: RecordValue]] = [
            "won": ["metadata": .object(["isClosed": .string("true"), "probability": .string("1.0")])],
            "open": ["metadata": .object(["isClosed": .string("false"), "probability": .number(0.2)])],
        ]
        func value(_ name: String, _ stored: [String: String]) -> String? {
            derived.value(name, stored: stored, counts: ["contacts": 2], stage: { stages[$0] })
        }
        #expect(value("home", ["amount": "10"]) == "10" && value("home", [:]) == nil)
        #expect(value("contacts", [:]) == "2")
        #expect(value("probability", ["stage": "open"]) == "0.2" && value("probability", ["stage": "gone"]) == nil)
        #expect(value("won", ["stage": "won"]) == "true" && value("won", ["stage": "open"]) == "false" && value("won", [:]) == "false")
        #expect(value("unknown", ["amount": "10"]) == nil)
    }

    @Test func aRuleMustBeExactlyOneForm() {
        for bad in [#"{"x": {}}"#, #"{"x": {"copy": "a", "count": "b"}}"#, #"{"x": {"stage_of": "s"}}"#,
                    #"{"x": {"stage_of": "s", "member": "m", "matches": {}}}"#, #"{"x": {"member": "m"}}"#] {
            #expect(throws: DecodingError.self, "\(bad)") { try JSONDecoder().decode(DerivedValues.self, from: Data(bad.utf8)) }
        }
    }
}
