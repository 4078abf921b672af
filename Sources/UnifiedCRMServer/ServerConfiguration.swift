import Foundation
import UnifiedCRMCore

/// Everything `serve` needs, resolved from CLI options and environment.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var databasePath: String
    public var mappingsDirectory: String
    /// Operator-only base-URL overrides by provider (`hubspot` → URL; `hubspot.oauth` → URL).
    public var baseURLOverrides: [String: String]
    /// The bearer token callers must present.
    public var apiToken: String
    public var encryptionKey: EncryptionKey
    public var providerTimeout: Duration
    public var maxRetryWait: Duration
    /// Where webhooks may go (`--allow-http-webhook-targets`, `--allow-private-webhook-targets`).
    public var webhookPolicy = WebhookTargetPolicy()
    /// Retry window and backoff of webhook deliveries (`--webhook-retry-window`).
    public var webhookSettings = WebhookDeliveryWorker.Settings()
    /// The origin providers reach this server at (`--public-url`): provider webhooks are
    /// registered for it and HubSpot signatures cover it.
    public var publicURL: String?
    /// PEM file of extra CA certificates provider calls trust (`--provider-ca-file`); verification stays on.
    public var providerCAFile: String?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, databasePath: String = "./unified-crm.sqlite",
        mappingsDirectory: String = "./mappings", baseURLOverrides: [String: String] = [:],
        apiToken: String, encryptionKey: EncryptionKey,
        providerTimeout: Duration = .seconds(30), maxRetryWait: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.mappingsDirectory = mappingsDirectory
        self.baseURLOverrides = baseURLOverrides
        self.apiToken = apiToken
        self.encryptionKey = encryptionKey
        self.providerTimeout = providerTimeout
        self.maxRetryWait = maxRetryWait
    }

    /// Parses `PROVIDER=URL` pairs (CLI `--override-base-url`, or comma-separated in
    /// `UNIFIED_CRM_OVERRIDE_BASE_URL`). Only http(s) URLs with a host are accepted.
    public static func parseOverrides(_ pairs: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs.flatMap({ $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }) where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty,
                  let url = URL(string: parts[1]), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil
            else {
                throw ConfigurationError("--override-base-url expects PROVIDER=URL with an http(s) URL, got `\(pair)`.")
            }
            result[parts[0]] = parts[1].hasSuffix("/") ? String(parts[1].dropLast()) : parts[1]
        }
        return result
    }
}
