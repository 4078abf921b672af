import Hummingbird

/// The webhooks a provider's API registers and delivers to, from one settings object
/// (`webhooks.json`): how a delivery is retried (`delivery`, a `WebhookPolicy`), what a
/// registration takes and answers (`registrations`, `WebhookRegistrationRules`) and what each
/// delivery sends (`fanout`, a `WebhookFanout`).
public final class WebhookSubscriptions: Sendable {
    public struct Settings: Sendable, Decodable {
        public let delivery: WebhookPolicy
        public let registrations: WebhookRegistrationRules
        public let fanout: WebhookFanout
    }

    public let outbox: WebhookOutbox
    public let registry: WebhookRegistry
    public let fanout: WebhookFanout

    /// `context` holds the values registration templates may name (`company_id`, `owner_id`, ...).
    public init(_ settings: Settings, context: [String: Any]) {
        outbox = WebhookOutbox(policy: settings.delivery)
        registry = WebhookRegistry(rules: settings.registrations, context: context)
        fanout = settings.fanout
    }

    /// Delivers an event to the registrations whose members hold one of the `wanted` values
    /// (`WebhookRegistry.matching`); `values` is asked for only when one matches, and nil sends nothing.
    public func deliver(matching wanted: [String: [String]], _ values: () -> [String: Any]?,
                        perWebhook: (WebhookRegistry.Registration) -> [String: Any] = { ["webhook_id": $0.id] }) {
        let webhooks = registry.matching(wanted)
        guard !webhooks.isEmpty, let values = values() else { return }
        fanout.deliver(values, to: webhooks, outbox: outbox, perWebhook: perWebhook)
    }

    /// The registry's routes behind `guard`, and the admin routes of the outbox (its target is
    /// the registrations, so not configurable).
    public func addRoutes(to router: Router<BasicRequestContext>, _ guard: RouteGuard) {
        registry.addRoutes(to: router, `guard`)
        WebhookAdmin.addRoutes(to: router, outbox: outbox, configurable: false)
    }
}
