import FakeProviderKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Kit helpers for what a request carries: its JSON object body and required headers.
@Suite struct RequestToolsTests {
    static let answers = #"{"errors": {"body": {"message": "{message}"}, "named": {"bad": {"status": 400, "values": {"message": "bad json"}}}}}"#

    /// Posts `body` to a route answering the members of its JSON object body.
    func post(_ body: String) async throws -> (HTTPResponse.Status, String) {
        let style = try JSONDecoder().decode(AnswerStyle.self, from: Data(Self.answers.utf8))
        let router = Router()
        router.on(.post, "/echo", RouteGuard(answers: style) { _ in nil }) { request, _ in
            let object = try await FakeJSON.objectBody(of: request, invalid: .named("bad"))
            return FakeJSON.response(.ok, ["keys": object.keys.sorted()])
        }
        return try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/echo", method: .post, body: ByteBuffer(string: body)) { response in
                (response.status, String(buffer: response.body))
            }
        }
    }

    @Test func objectBodiesAreReadEmptyOrRefused() async throws {
        #expect(try await post(#"{"b": 1, "a": 2}"#) == (.ok, #"{"keys":["a","b"]}"#))
        #expect(try await post("") == (.ok, #"{"keys":[]}"#))
        #expect(try await post("[1]") == (.badRequest, #"{"message":"bad json"}"#))
    }

    @Test func requiredHeadersAnswerMissingAndInvalidValues() {
        let version = RequiredHeader(HTTPField.Name("Version")!, accepted: ["v1"], missing: .badRequest("missing"), invalid: .badRequest("invalid"))
        #expect(version.problem(in: [HTTPField.Name("Version")!: " v1 "]) == nil)
        #expect(version.problem(in: [HTTPField.Name("Version")!: "  "]) == .badRequest("missing"))
        #expect(version.problem(in: [:]) == .badRequest("missing"))
        #expect(version.problem(in: [HTTPField.Name("Version")!: "v2"]) == .badRequest("invalid"))
    }

    @Test func wholeNumbersAreReadAndTheirRangeSideWorded() throws {
        let texts = QueryProblemTexts(rules: ["integer.below": "{name} < {min}", "integer.above": "{name} > {max}", "parameter.n": "{name} must be whole"])
        var log = QueryProblemLog(pairs: [("a", "20.0"), ("b", "0"), ("c", "1e300"), ("d", "2.5")], texts: texts)
        #expect(try log.read { try $0.wholeNumber("a", in: 1...100) } == 20)
        for name in ["b", "c", "d"] { #expect(try log.read { try $0.wholeNumber(name, in: 1...100) } == nil) }
        #expect(log.messages == ["b < 1", "c > 100", "d is invalid"])
        log.add(["e is required", "e must be a string"])
        #expect(log.messages.suffix(2) == ["e is required", "e must be a string"])
    }
}
