@_exported import FakeProviderKit

/// One built-in emulator: its integration name and how to build it from its fixtures and the
/// account context (`api_key`, `location_id`, ...) the account connected to it uses.
public struct EmulatorKind: Sendable {
    public let integration: String
    private let build: @Sendable (ProviderFixtures, [String: String], Int) throws -> any ProviderEmulator

    init(_ integration: String, build: @escaping @Sendable (ProviderFixtures, [String: String], Int) throws -> any ProviderEmulator) {
        self.integration = integration
        self.build = build
    }

    /// The emulator seeded with `seedCount` records, its tables read from `<mappingsDirectory>/<integration>/fixtures`.
    /// Its OAuth server plays `oauth.json` when the provider has one.
    public func make(mappingsDirectory: String, context: [String: String], seedCount: Int) throws -> any ProviderEmulator {
        let fixtures = try ProviderFixtures(mappingsDirectory: mappingsDirectory, provider: integration)
        let emulator = try build(fixtures, context, seedCount)
        if let oauth = try FakeOAuthConfiguration.load(fixtures) { emulator.tokens.configure(oauth, context: context) }
        return emulator
    }
}

/// Every built-in emulator. Adding a provider is adding its kind here; the sandbox and the shared
/// end-to-end tests find it (and its `sandbox.json` / `e2e.json` fixtures) from this list.
public enum EmulatorRegistry {
    public static let all: [EmulatorKind] = [
        EmulatorKind("hubspot") { fixtures, context, seedCount in
            try HubSpotEmulator(fixtures: fixtures, accessToken: try value("api_key", context, fixtures), seedCount: seedCount)
        },
        EmulatorKind("pipedrive") { fixtures, context, seedCount in
            try PipedriveEmulator(fixtures: fixtures, apiToken: try value("api_key", context, fixtures), seedCount: seedCount)
        },
        EmulatorKind("highlevel") { fixtures, context, seedCount in
            try HighLevelEmulator(fixtures: fixtures, accessToken: try value("api_key", context, fixtures),
                                  locationId: try value("location_id", context, fixtures), seedCount: seedCount)
        },
    ]

    public static func kind(_ integration: String) -> EmulatorKind? { all.first { $0.integration == integration } }

    private static func value(_ key: String, _ context: [String: String], _ fixtures: ProviderFixtures) throws -> String {
        guard let value = context[key] else { throw FixtureError("\(fixtures.provider): the account context has no \(key)") }
        return value
    }
}
