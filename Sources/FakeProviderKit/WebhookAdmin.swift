import Foundation
import Hummingbird

/// The webhook admin hooks of an emulator that sends webhooks:
///
/// - `GET /__admin/webhooks/deliveries`: every attempt (`WebhookAttempt.json`), oldest first;
///   `DELETE` forgets them;
/// - when the provider configures webhooks outside its API (`configurable`):
///   `PUT /__admin/webhooks` `{"target_url": "https://...", "client_secret": "..."}` sets the
///   target (other members are the provider's settings, kept as text), `GET` shows it,
///   `DELETE` removes it;
/// - with a `publicKeyPEM`: `GET /__admin/webhooks/public-key` answers `{"public_key_pem": "..."}`.
public enum WebhookAdmin {
    public static func addRoutes(to router: Router<BasicRequestContext>, outbox: WebhookOutbox,
                                 configurable: Bool, publicKeyPEM: String? = nil) {
        let path = "\(FakeAdmin.prefix)/webhooks"
        router.get(RouterPath("\(path)/deliveries")) { _, _ -> Response in
            FakeJSON.response(.ok, ["deliveries": outbox.attempts.map(\.json)], escapeSlashes: false)
        }
        router.delete(RouterPath("\(path)/deliveries")) { _, _ -> Response in
            outbox.clearAttempts()
            return Response(status: .noContent)
        }
        if let publicKeyPEM {
            router.get(RouterPath("\(path)/public-key")) { _, _ -> Response in
                FakeJSON.response(.ok, ["public_key_pem": publicKeyPEM], escapeSlashes: false)
            }
        }
        guard configurable else { return }
        router.put(RouterPath(path)) { request, _ -> Response in
            guard let body = try await FakeJSON.object(from: request), let url = body["target_url"] as? String, isHTTPURL(url) else {
                return FakeJSON.response(.badRequest, ["error": "body must be {\"target_url\": \"http(s)://...\", ...settings}"])
            }
            var settings: [String: String] = [:]
            for (name, value) in body where name != "target_url" {
                if let text = value as? String { settings[name] = text }
                else if let number = FakeJSON.int(value) { settings[name] = String(number) }
            }
            outbox.configure(WebhookTarget(url: url, settings: settings))
            return FakeJSON.response(.ok, targetJSON(outbox.target), escapeSlashes: false)
        }
        router.get(RouterPath(path)) { _, _ -> Response in
            FakeJSON.response(.ok, targetJSON(outbox.target), escapeSlashes: false)
        }
        router.delete(RouterPath(path)) { _, _ -> Response in
            outbox.configure(nil)
            return Response(status: .noContent)
        }
    }

    /// `{"target_url": ..., settings...}`; secrets are shown, this is a test hook.
    static func targetJSON(_ target: WebhookTarget?) -> [String: Any] {
        guard let target else { return ["target_url": NSNull()] }
        var json: [String: Any] = target.settings
        json["target_url"] = target.url
        return json
    }

    static func isHTTPURL(_ text: String) -> Bool {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "http" || scheme == "https"
    }
}
