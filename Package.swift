// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "unified-crm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "unified-crm", targets: ["unified-crm"]),
        .library(name: "UnifiedCRMCore", targets: ["UnifiedCRMCore"]),
        .library(name: "UnifiedCRMServer", targets: ["UnifiedCRMServer"]),
        .library(name: "ProviderEmulators", targets: ["ProviderEmulators"]),
        .library(name: "FakeProviderKit", targets: ["FakeProviderKit"]),
        .library(name: "UnifiedCRMSandbox", targets: ["UnifiedCRMSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // TLS settings of provider calls (extra trusted CAs, `--provider-ca-file`); already under AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        // YAML → JSON for serving the OpenAPI document; OpenAPIKit only validates it in tests.
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/mattpolzin/OpenAPIKit.git", from: "6.4.0"),
    ],
    targets: [
        // Civil-calendar arithmetic and strict ISO 8601 reading/writing, shared by Core and the fakes.
        .target(name: "CivilCalendar"),
        // Core: mapping engine, unified models, provider calls, account store. No HTTP server.
        .target(
            name: "UnifiedCRMCore",
            dependencies: [
                "CivilCalendar",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                // Provider calls' own keep-alive HTTP/1.1 client (PooledProviderTransport).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        // HTTP surface: routes, auth, errors, metrics.
        .target(
            name: "UnifiedCRMServer",
            dependencies: [
                "UnifiedCRMCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // A data-driven fake provider: recording, credentials, faults and the admin hook, paging,
        // fixtures. Knows no provider and nothing of Core.
        .target(
            name: "FakeProviderKit",
            dependencies: [
                "CivilCalendar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                // Webhook deliveries: the POSTs (AsyncHTTPClient) and their signatures (Crypto).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Native HubSpot / Pipedrive / HighLevel servers used by tests and `serve --sandbox`: each
        // provider's quirks on the kit, tables read from `mappings/<provider>/fixtures`.
        .target(
            name: "ProviderEmulators",
            dependencies: [
                "FakeProviderKit",
                "CivilCalendar",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `serve --sandbox`: emulators on free ports, one seeded account each.
        .target(
            name: "UnifiedCRMSandbox",
            dependencies: [
                "UnifiedCRMCore",
                "UnifiedCRMServer",
                "ProviderEmulators",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                // Configures the emulators' webhooks through their admin hooks.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Thin executable: CLI parsing and lifecycle only.
        .executableTarget(
            name: "unified-crm",
            dependencies: [
                "UnifiedCRMCore",
                "UnifiedCRMServer",
                "UnifiedCRMSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "UnifiedCRMCoreTests",
            dependencies: ["UnifiedCRMCore"]
        ),
        .testTarget(
            name: "FakeProviderKitTests",
            dependencies: [
                "FakeProviderKit",
                "CivilCalendar",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "ProviderEmulatorsTests",
            dependencies: [
                "ProviderEmulators",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                // Checks the emulators' webhook signatures independently of the kit.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "UnifiedCRMServerTests",
            dependencies: [
                "UnifiedCRMCore",
                "UnifiedCRMServer",
                "UnifiedCRMSandbox",
                "ProviderEmulators",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OpenAPIKit", package: "OpenAPIKit"),
                .product(name: "Yams", package: "Yams"),
                // A provider over TLS with a self-signed certificate (certificate verification).
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // The self-signed certificate and key of that provider, read by path.
            exclude: ["Fixtures"]
        ),
    ]
)
