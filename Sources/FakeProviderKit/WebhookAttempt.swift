import Foundation

/// One webhook request an emulator made: what it sent and what came back, kept so tests (and
/// `GET /__admin/webhooks/deliveries`) can check the provider's real requests.
public struct WebhookAttempt: Sendable, Equatable {
    /// Groups the attempts of one delivery (its retries share it), counting from 1.
    public var delivery: Int
    /// 1 for the first try, 2 for the first retry, ...
    public var attempt: Int
    public var url: String
    /// Header names as sent.
    public var headers: [(name: String, value: String)]
    public var body: Data
    /// The answer's status; nil when no answer came (refused, timed out).
    public var status: Int?
    /// Why no answer came.
    public var error: String?
    /// When the request was sent, epoch milliseconds.
    public var sentAt: Int64

    /// The first header named `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The admin JSON: the body as text, headers as an object.
    public var json: [String: Any] {
        var names: [String: String] = [:]
        for (name, value) in headers { names[name] = value }
        return ["delivery": delivery, "attempt": attempt, "method": "POST", "url": url, "headers": names,
                "body": String(decoding: body, as: UTF8.self), "status": FakeJSON.nullable(status),
                "error": FakeJSON.nullable(error), "sent_at": sentAt]
    }

    public static func == (lhs: WebhookAttempt, rhs: WebhookAttempt) -> Bool {
        lhs.delivery == rhs.delivery && lhs.attempt == rhs.attempt && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.status == rhs.status && lhs.error == rhs.error && lhs.sentAt == rhs.sentAt
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// What one attempt sends: headers and the raw body. Built again for each attempt, since some
/// providers number attempts in the body or sign a fresh timestamp.
public struct WebhookMessage: Sendable {
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(headers: [(name: String, value: String)], body: Data) {
        self.headers = headers
        self.body = body
    }

    /// A JSON body (sorted keys, slashes unescaped) with `Content-Type: application/json` first.
    public static func json(_ object: Any, headers: [(name: String, value: String)] = []) -> WebhookMessage {
        let body = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return WebhookMessage(headers: [("Content-Type", "application/json")] + headers, body: body)
    }
}
