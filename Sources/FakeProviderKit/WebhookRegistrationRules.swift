import Foundation

/// How a provider that registers webhooks through its API checks a registration body and lays out
/// its answers (the `registrations` member of `webhooks.json`). Every invalid member is reported,
/// each with one message.
///
/// ```json
/// {"paths": ["/v1/webhooks"], "first_id": 804213,
///  "members": [{"name": "subscription_url", "required": true, "url": true},
///              {"name": "version", "allowed": ["1.0", "2.0"], "default": "2.0", "wrong_type": "allowed"}],
///  "errors": {"required": "is required", "url": "...", "allowed": "...", "max_length": "...", "not_found": "..."},
///  "registration": {"id": "{id}", ...}, "answers": {"created": {"status": 201, "body": {...}}, ...}}
/// ```
public struct WebhookRegistrationRules: Sendable, Decodable {
    public struct Member: Sendable, Decodable {
        public enum Kind: String, Sendable, Decodable {
            /// A non-empty string.
            case text
            /// An integer above 0.
            case positiveInteger = "positive_integer"
        }

        public let name: String
        public let type: Kind
        public let required: Bool
        /// The value must be an http(s) URL with a host.
        public let url: Bool
        public let allowed: [String]?
        public let maxLength: Int?
        /// Stored when the body has no value; `"{name}"` takes the registry's context value.
        public let `default`: String?
        /// The rule whose message a present value of the wrong type gets (nil: such a value is ignored).
        public let wrongType: String?

        enum CodingKeys: String, CodingKey {
            case name, type, required, url, allowed, `default`, maxLength = "max_length", wrongType = "wrong_type"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            type = try c.decodeIfPresent(Kind.self, forKey: .type) ?? .text
            required = try c.decodeIfPresent(Bool.self, forKey: .required) ?? false
            url = try c.decodeIfPresent(Bool.self, forKey: .url) ?? false
            allowed = try c.decodeIfPresent([String].self, forKey: .allowed)
            maxLength = try c.decodeIfPresent(Int.self, forKey: .maxLength)
            `default` = try c.decodeIfPresent(String.self, forKey: .default)
            wrongType = try c.decodeIfPresent(String.self, forKey: .wrongType)
        }

        /// The member's value in `body`, nil when absent or not of its type.
        func value(in body: [String: Any]) -> RecordValue? {
            switch type {
            case .text: (body[name] as? String).flatMap { $0.isEmpty ? nil : .string($0) }
            case .positiveInteger: body[name].flatMap(FakeJSON.int).flatMap { $0 > 0 ? .int($0) : nil }
            }
        }

        /// The rule `value` breaks, if any.
        func brokenRule(_ value: RecordValue) -> String? {
            guard let text = value.string else { return nil }
            if url, !WebhookAdmin.isHTTPURL(text) { return "url" }
            if let allowed, !allowed.contains(text) { return "allowed" }
            if let maxLength, text.count > maxLength { return "max_length" }
            return nil
        }
    }

    /// An answer: its status and body template.
    public struct Answer: Sendable, Decodable {
        public let status: Int
        public let body: JSONFixture
    }

    /// Where the routes are (`POST`/`GET` on each, `DELETE` on each + `/:id`).
    public let paths: [String]
    public let firstId: Int
    public let members: [Member]
    /// Messages by rule (`required`, `url`, `allowed`, `max_length`, `not_found`).
    public let errors: [String: String]
    /// The member stamped with the registration's creation time, and its form.
    public let createdMember: String
    public let createdForm: TimeText
    /// A registration's JSON: placeholders are its members, `id`, the creation member and the context.
    public let registration: JSONFixture
    /// `created` (`{registration}`), `listed` (`{registrations}`), `deleted`, `invalid` (`{errors}`: member → messages),
    /// `not_found` (`{errors}`).
    public let answers: [String: Answer]

    enum CodingKeys: String, CodingKey {
        case paths, members, errors, registration, answers
        case firstId = "first_id", createdMember = "created_member", createdForm = "created_form"
    }

    /// Every invalid member of a body and its messages.
    struct Invalid: Error { let messages: [String: [String]] }

    /// The values to store of `body`, or each invalid member and its message.
    func check(_ body: [String: Any], context: [String: Any]) -> Result<[String: RecordValue], Invalid> {
        var values: [String: RecordValue] = [:], invalid: [String: [String]] = [:]
        for member in members {
            guard let value = member.value(in: body) else {
                let present = body[member.name].map { !($0 is NSNull) } ?? false
                if let rule = member.required ? "required" : (present ? member.wrongType : nil) {
                    invalid[member.name] = [errors[rule] ?? rule]
                } else if let fallback = member.default {
                    values[member.name] = RecordValue(foundation: JSONTemplate.fill(fallback, context)) ?? .null
                }
                continue
            }
            if let rule = member.brokenRule(value) { invalid[member.name] = [errors[rule] ?? rule] }
            values[member.name] = value
        }
        return invalid.isEmpty ? .success(values) : .failure(Invalid(messages: invalid))
    }
}
