import FakeProviderKit
import Foundation
import Testing

@Suite struct ChangeStampsTests {
    @Test func aRuleStampsWhenOneOfItsMembersChanged() throws {
        let (_, shape) = try RecordCollectionTests.collection()
        let stamps = try JSONDecoder().decode(ChangeStamps.self, from: Data(#"[{"field": "updated", "when": ["text", "due"]}]"#.utf8))
        #expect(stamps == ChangeStamps([.init(field: "updated", when: ["text", "due"])]))
        let old = ShapedRecord(shape: shape, ["id": .int(1), "text": .string("a"), "updated": .int(5)])
        var same = old
        stamps.stamp(&same, from: old, now: 9)
        #expect(same.int("updated") == 5)
        var changed = old
        changed["due"] = .string("2024-01-01")
        stamps.stamp(&changed, from: old, now: 9)
        #expect(changed.int("updated") == 9)
    }
}
