import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Error answers rendered from an `answers.json`-style envelope by a guarded route.
@Suite struct ErrorEnvelopeTests {
    private static let answers = """
        {"contentType": "application/json;charset=utf-8", "requestIdHeader": "x-request-id",
         "errors": {"body": {"ok": false, "code": "{status}", "message": "{message}", "id": "{requestId}",
                             "nested": {"hint": "{hint}", "fixed": [1]}, "extra": "{extra}"},
                    "named": {"denied": {"status": 401, "values": {"message": "no", "hint": "log in"}, "headers": {"x-why": "token"}},
                              "internal": {"status": 500, "values": {"message": "boom"}},
                              "stageNotInPipeline": {"status": 400, "values": {"message": "stage {stage} is not in {pipeline}"}},
                              "fieldEntryNotAnObject": {"status": 422, "values": {"message": ["entry {index} must be an object"]}}}}}
        """

    /// Answers `GET /fail` by throwing `error`.
    private func answer(_ error: FakeError) async throws -> (HTTPResponse.Status, HTTPFields, [String: Any]) {
        let style = try JSONDecoder().decode(AnswerStyle.self, from: Data(Self.answers.utf8))
        let router = Router()
        router.on(.get, "/fail", RouteGuard(answers: style) { _ in nil }) { _, _ in throw error }
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/fail", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                return (response.status, response.headers, object ?? [:])
            }
        }
    }

    @Test func namedErrorTextsNameTheErrorsValues() async throws {
        let (status, _, object) = try await answer(PlacementProblem.stageNotInPipeline(stage: "s", pipeline: "p").error)
        #expect(status == .badRequest && object["message"] as? String == "stage s is not in p")
        let (entryStatus, _, entry) = try await answer(FieldEntries.Problem.notAnObject(index: 2).error)
        #expect(entryStatus.code == 422 && entry["message"] as? [String] == ["entry 2 must be an object"])
        #expect(FieldEntries.Problem.unknownField("x").error == .named("unknownField", ["field": .string("x")]))
        #expect(PlacementProblem<Int>.unknownPipeline(3).error == .named("unknownPipeline", ["pipeline": .string("3")]))
    }

    @Test func placeholdersAreFilledAndMissingValuesLeftOut() async throws {
        let (status, headers, object) = try await answer(.badRequest("bad limit"))
        #expect(status == .badRequest)
        #expect(headers[.contentType] == "application/json;charset=utf-8")
        #expect(object["code"] as? Int == 400 && object["message"] as? String == "bad limit" && object["ok"] as? Bool == false)
        #expect(object["id"] as? String == headers[HTTPField.Name("x-request-id")!] && object["id"] != nil)
        #expect(object["extra"] == nil)
        #expect((object["nested"] as? [String: Any])?.keys.sorted() == ["fixed"])
    }

    @Test func namedErrorsCarryTheirStatusValuesAndHeadersWithOverrides() async throws {
        let (status, headers, object) = try await answer(.named("denied", ["message": .array([.string("a"), .string("b")])]))
        #expect(status == .unauthorized)
        #expect(headers[HTTPField.Name("x-why")!] == "token")
        #expect(object["message"] as? [String] == ["a", "b"])
        #expect((object["nested"] as? [String: Any])?["hint"] as? String == "log in")
    }
}
