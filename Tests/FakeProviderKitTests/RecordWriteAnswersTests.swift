import FakeProviderKit
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct RecordWriteAnswersTests {
    static let answers = RecordWriteAnswers(writes: [
        "create": .init(status: 201, envelope: "deal", event: "create"),
        "delete": .init(body: .object(["deleted": .bool(true)]), event: "delete"),
        "touch": .init(),
    ])

    /// The status and JSON body of `response`, served by a router.
    static func parts(_ response: Response) async throws -> (Int, [String: Any]) {
        let router = Router()
        nonisolated(unsafe) let answer = response
        router.get("/w") { _, _ in answer }
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/w", method: .get) { reply in
                (Int(reply.status.code), try JSONSerialization.jsonObject(with: Data(reply.body.readableBytesView)) as? [String: Any] ?? [:])
            }
        }
    }

    @Test func aWriteSendsItsEventThenAnswersItsEnvelopeOrFixedBody() async throws {
        var sent: [(String, String?, String?)] = []
        let record: [String: Any] = ["id": "a"]
        let created = Self.answers.answer("create", old: nil, new: record) { sent.append(($0, $1?["id"] as? String, $2?["id"] as? String)) }
        let (status, body) = try await Self.parts(created)
        #expect(status == 201 && (body["deal"] as? [String: Any])?["id"] as? String == "a")
        let deleted = Self.answers.answer("delete", old: record, new: nil) { sent.append(($0, $1?["id"] as? String, $2?["id"] as? String)) }
        let (deleteStatus, deleteBody) = try await Self.parts(deleted)
        #expect(deleteStatus == 200 && deleteBody["deleted"] as? Bool == true)
        #expect(sent.map(\.0) == ["create", "delete"] && sent[0].2 == "a" && sent[1].1 == "a" && sent[1].2 == nil)
        let touched = Self.answers.answer("touch", old: record, new: ["id": "b"]) { _, _, _ in Issue.record("no event") }
        #expect(try await Self.parts(touched).1["id"] as? String == "b")
    }

    @Test func aWritesFileMustAnswerEveryWrite() throws {
        let fixtures = try FixtureListTests.fixtures(["writes.json": #"{"_comment": "c", "writes": {"create": {"status": 201, "envelope": "deal"}}}"#])
        #expect(try fixtures.writeAnswers(required: ["create"]).writes["create"]?.status == 201)
        #expect(throws: FixtureError.self) { try fixtures.writeAnswers(required: ["create", "delete"]) }
    }
}
