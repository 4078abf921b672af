import Foundation

/// The `webhooks` section of a mapping file, compiled: how a provider's webhook requests are
/// verified, which account they belong to, and which unified event each of their events becomes.
public struct InboundWebhookSpec: Sendable {
    /// Where the provider sends: one URL for the whole app (`POST /webhooks/{integration}`, the
    /// account is found from the payload) or one per account (`POST /integrated-account-webhook/{id}`).
    public enum Endpoint: String, Sendable, CaseIterable {
        case integration
        case account
    }

    public var docs: String?
    public var endpoint: Endpoint
    public var verification: WebhookVerification
    /// How the provider-side id of an account (HubSpot portal, HighLevel location) is learned;
    /// the first source that yields a value wins.
    public var identity: [IdentitySource]
    /// Path of the events array in the body; empty = the body is one event, `[]` root = an array.
    public var itemsPath: [String]?
    /// In each event: the provider-side account id (matched against the account's identity).
    public var accountPath: [String]?
    /// Paths whose values, joined by ".", name the event's type (`subscriptionType`, or
    /// `meta.entity` + `meta.action` → `deal.change`).
    public var typePaths: [[String]]
    /// Path of the record id in each event.
    public var idPath: [String]
    /// Where the changed native field names are: one name (HubSpot `propertyName`) or the keys of
    /// an object of previous values (Pipedrive `previous`), under `changedPrefix` in the native record.
    public var changedField: [String]?
    public var changedKeys: [String]?
    public var changedPrefix: [String]
    /// Provider event type → what it is in the unified API; types not listed are acknowledged and counted, not emitted.
    public var types: [String: EventRule]
    /// Pipedrive: the server registers a webhook per account through the provider's API.
    public var registration: Registration?

    public struct EventRule: Sendable, Equatable {
        public var event: WebhookEventType
        public var resource: String
        /// Unified fields this provider event always means changed (HighLevel `OpportunityStageUpdate` → `stage`).
        public var changedFields: [String]?

        public init(event: WebhookEventType, resource: String, changedFields: [String]? = nil) {
            self.event = event
            self.resource = resource
            self.changedFields = changedFields
        }
    }

    public enum IdentitySource: Sendable, Equatable {
        /// A context value set when the account was connected (`hub_id`, `location_id`).
        case context([String])
        /// A provider call made with the account's credentials, and the path of the id in its answer.
        case request(method: String, path: String, value: [String])
    }

    /// `POST` of a webhook through the provider's API (Pipedrive `/v1/webhooks`): the body is a
    /// template object whose `{webhook.url}`, `{webhook.user}` and `{webhook.password}` the server
    /// fills; `id` is where the answer holds the new webhook's id, `delete` the path to remove it.
    public struct Registration: Sendable {
        public var method: String
        public var path: String
        public var body: JSONValue
        public var idPath: [String]
        public var deletePath: String?
    }
}

/// How a provider proves a webhook request is its own.
public enum WebhookVerification: Sendable {
    /// HMAC-SHA256 of `message` with a secret (HubSpot v3: the OAuth app's client secret).
    case hmacSHA256(HMACRule)
    /// HTTP Basic with credentials the server generated when it registered the webhook (Pipedrive).
    case basic
    /// Ed25519 signature of `message` with the provider's published public key (HighLevel).
    case ed25519(SignatureRule)

    public enum MessagePart: Sendable, Equatable {
        case method, url, body
        case header(String)
        case literal(String)
    }

    public enum Encoding: String, Sendable, CaseIterable { case base64, hex }

    public struct HMACRule: Sendable {
        public var header: String
        public var encoding: Encoding
        public var message: [MessagePart]
        /// Where the key comes from: `oauth_app.client_secret`.
        public var secret: String
        public var timestamp: TimestampRule?

        public init(header: String, encoding: Encoding, message: [MessagePart], secret: String, timestamp: TimestampRule?) {
            self.header = header
            self.encoding = encoding
            self.message = message
            self.secret = secret
            self.timestamp = timestamp
        }
    }

    public struct SignatureRule: Sendable {
        public var header: String
        public var encoding: Encoding
        public var message: [MessagePart]
        /// The provider's published key (PEM), replaceable through the OAuth app's `webhook_public_key`.
        public var publicKeyPEM: String
        public var timestamp: TimestampRule?

        public init(header: String, encoding: Encoding, message: [MessagePart], publicKeyPEM: String, timestamp: TimestampRule?) {
            self.header = header
            self.encoding = encoding
            self.message = message
            self.publicKeyPEM = publicKeyPEM
            self.timestamp = timestamp
        }
    }

    /// A header holding the send time; requests older (or further in the future) than `maxAge` are refused.
    public struct TimestampRule: Sendable {
        public enum Unit: String, Sendable, CaseIterable { case seconds, milliseconds }
        public var header: String
        public var unit: Unit
        public var maxAgeSeconds: Int

        public init(header: String, unit: Unit, maxAgeSeconds: Int) {
            self.header = header
            self.unit = unit
            self.maxAgeSeconds = maxAgeSeconds
        }
    }
}
