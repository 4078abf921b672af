import Foundation
import HTTPTypes
import Hummingbird

/// How a provider writes its JSON answers, as data (`answers.json` in its fixtures): the content
/// type, whether `/` is escaped, the header carrying a fresh id on every answer (a correlation or
/// request id), and its error envelope.
///
/// ```json
/// {"contentType": "application/json;charset=utf-8", "escapeSlashes": false,
///  "requestIdHeader": "x-request-id", "errors": {"body": {...}, "named": {...}}}
/// ```
public struct AnswerStyle: Sendable, Decodable {
    public let contentType: String
    public let escapeSlashes: Bool
    /// Sent with a new lowercase UUID on every answer; error bodies can repeat it as `{requestId}`.
    public let requestIdHeader: String?
    public let errors: ErrorEnvelope

    enum CodingKeys: String, CodingKey { case contentType, escapeSlashes, requestIdHeader, errors }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        contentType = try c.decodeIfPresent(String.self, forKey: .contentType) ?? "application/json"
        escapeSlashes = try c.decodeIfPresent(Bool.self, forKey: .escapeSlashes) ?? true
        requestIdHeader = try c.decodeIfPresent(String.self, forKey: .requestIdHeader)
        errors = try c.decode(ErrorEnvelope.self, forKey: .errors)
    }

    /// A JSON answer in this style.
    public func response(_ status: HTTPResponse.Status, _ object: Any) -> Response {
        response(status, object, requestId: newRequestId())
    }

    /// 204 with no body (and the request id header).
    public func noContent() -> Response {
        Response(status: .noContent, headers: headers(requestId: newRequestId()))
    }

    /// The answer for a thrown or rejected `FakeError`, in the error envelope.
    public func response(for error: FakeError) -> Response {
        let requestId = newRequestId()
        let (status, body, extra) = errors.render(error, requestId: requestId ?? "")
        var fields = headers(requestId: requestId)
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { if let field = HTTPField.Name(name) { fields[field] = value } }
        return FakeJSON.response(status, body, contentType: contentType, escapeSlashes: escapeSlashes, headers: fields)
    }

    private func response(_ status: HTTPResponse.Status, _ object: Any, requestId: String?) -> Response {
        FakeJSON.response(status, object, contentType: contentType, escapeSlashes: escapeSlashes, headers: headers(requestId: requestId))
    }

    private func newRequestId() -> String? { requestIdHeader == nil ? nil : UUID().uuidString.lowercased() }

    private func headers(requestId: String?) -> HTTPFields {
        var fields = HTTPFields()
        if let requestId, let header = requestIdHeader, let name = HTTPField.Name(header) { fields[name] = requestId }
        return fields
    }
}

extension ProviderFixtures {
    /// `answers.json`; throws unless its envelope names each of `requiredErrors`.
    public func answers(file: String = "answers.json", requiredErrors: [String]) throws(FixtureError) -> AnswerStyle {
        let style = try decode(AnswerStyle.self, file)
        for name in requiredErrors where style.errors.named[name] == nil {
            throw FixtureError("\(directory.appendingPathComponent(file).path): errors.named has no \"\(name)\"")
        }
        return style
    }
}
