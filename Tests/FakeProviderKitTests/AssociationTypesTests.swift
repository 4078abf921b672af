import FakeProviderKit
import Foundation
import Testing

@Suite struct AssociationTypesTests {
    static let types = try! JSONDecoder().decode(AssociationTypes.self, from: Data(#"""
    {"category": "DEFINED",
     "kinds": {"companies": {"names": ["companies", "company"], "typeIds": [5, 341], "label": "to_company"},
               "contacts": {"names": ["contacts", "0-1"], "typeIds": [3], "label": "to_contact"}},
     "input": {"target": ["to", "id"], "types": "types", "category": "cat", "typeId": "typeId"},
     "answer": {"list": "results", "id": "id", "label": "type"},
     "messages": {"notList": "not a list", "badEntry": "bad entry", "badTarget": "bad target", "badType": "{category} {typeId} is wrong"}}
    """#.utf8))

    struct Failure: Error, Equatable { let message: String }

    func ids(_ json: String) -> Result<[String: [String]], Failure> {
        let raw = try! JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        return Result { () throws(Failure) in try Self.types.ids(raw, failure: Failure.init) }
    }

    @Test func queryNamesPickKindsInOrderOnce() {
        #expect(Self.types.kinds(named: ["0-1", "Company", "nope", "companies"]) == ["contacts", "companies"])
    }

    @Test func aWriteBodyGivesIdsByKindEachOnce() throws {
        let body = #"[{"to": {"id": "12"}, "types": [{"cat": "DEFINED", "typeId": 5}, {"cat": "DEFINED", "typeId": 341}]},"#
            + #" {"to": {"id": 7}, "types": [{"cat": "DEFINED", "typeId": 3}]}, {"to": {"id": "12"}, "types": [{"cat": "DEFINED", "typeId": 5}]}]"#
        #expect(try ids(body).get() == ["companies": ["12"], "contacts": ["7"]])
        #expect(try Self.types.ids(nil, failure: Failure.init).isEmpty)
        #expect(try ids("null").get().isEmpty)
    }

    @Test func aBadWriteBodyFailsWithItsMessage() {
        #expect(ids(#"{"to": 1}"#) == .failure(Failure(message: "not a list")))
        #expect(ids(#"[{"to": {"id": "1"}, "types": []}]"#) == .failure(Failure(message: "bad entry")))
        #expect(ids(#"[{"types": [{"cat": "DEFINED", "typeId": 3}]}]"#) == .failure(Failure(message: "bad entry")))
        #expect(ids(#"[{"to": {}, "types": [{"cat": "DEFINED", "typeId": 3}]}]"#) == .failure(Failure(message: "bad target")))
        #expect(ids(#"[{"to": {"id": "x1"}, "types": [{"cat": "DEFINED", "typeId": 3}]}]"#) == .failure(Failure(message: "bad target")))
        #expect(ids(#"[{"to": {"id": "1"}, "types": [{"cat": "OTHER", "typeId": 3}]}]"#) == .failure(Failure(message: "OTHER 3 is wrong")))
        #expect(ids(#"[{"to": {"id": "1"}, "types": [{"typeId": 9}]}]"#) == .failure(Failure(message: "null 9 is wrong")))
    }

    @Test func aReadListsTheAskedKindsWithIds() {
        let json = Self.types.json(["companies": ["12"], "contacts": []], kinds: ["companies", "contacts"])
        #expect(json.keys.sorted() == ["companies"])
        #expect((json["companies"] as? [String: Any])?["results"] as? [[String: String]] == [["id": "12", "type": "to_company"]])
    }
}
