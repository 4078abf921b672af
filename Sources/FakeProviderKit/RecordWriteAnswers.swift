import Foundation
import HTTPTypes
import Hummingbird

/// How a provider answers each kind of record write, as data (`writes.json`): the HTTP status
/// (200 when absent), the body (the record written under `envelope`, a fixed `body`, or the record
/// itself when neither is given) and the webhook event kind the write sends (`event`, as
/// `WebhookEventPlan` names kinds; none when absent). The record written is the one after the
/// write, or before it for a delete.
///
/// ```json
/// {"writes": {"create": {"status": 201, "envelope": "deal", "event": "create"},
///             "delete": {"body": {"deleted": true}, "event": "delete"}}}
/// ```
public struct RecordWriteAnswers: Sendable, Decodable {
    public struct Write: Sendable, Decodable {
        public let status: Int?
        public let envelope: String?
        public let body: RecordValue?
        public let event: String?

        public init(status: Int? = nil, envelope: String? = nil, body: RecordValue? = nil, event: String? = nil) {
            (self.status, self.envelope, self.body, self.event) = (status, envelope, body, event)
        }
    }

    public let writes: [String: Write]

    public init(writes: [String: Write]) { self.writes = writes }

    /// Throws unless `writes` names each of `names`.
    public func require(_ names: [String], file: String) throws(FixtureError) {
        for name in names where writes[name] == nil { throw FixtureError("\(file): writes has no \(name)") }
    }

    /// The answer of write `name`: first `send` gets the event kind with the record before and
    /// after (as the API writes it), then the body is built. `style` writes the answer (plain JSON when nil).
    public func answer(_ name: String, old: [String: Any]?, new: [String: Any]?, style: AnswerStyle? = nil,
                       send: (_ event: String, _ old: [String: Any]?, _ new: [String: Any]?) -> Void) -> Response {
        let write = writes[name] ?? Write()
        if let event = write.event { send(event, old, new) }
        let record = new ?? old ?? [:]
        let body: Any = if let fixed = write.body { fixed.foundation } else if let envelope = write.envelope { [envelope: record] } else { record }
        let status = HTTPResponse.Status(code: write.status ?? 200)
        return style?.response(status, body) ?? FakeJSON.response(status, body)
    }
}

extension ProviderFixtures {
    /// `writes.json`; throws unless it answers each of `required`.
    public func writeAnswers(file: String = "writes.json", required: [String]) throws(FixtureError) -> RecordWriteAnswers {
        let answers = try decode(RecordWriteAnswers.self, file)
        try answers.require(required, file: directory.appendingPathComponent(file).path)
        return answers
    }
}
