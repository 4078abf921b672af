import Hummingbird
import Logging

/// Runs an emulator on a loopback port chosen by the OS, with request recording, fault injection
/// and the admin hook (`FakeAdmin`) in front of its routes.
public struct EmulatorServer: Sendable {
    public let emulator: any ProviderEmulator

    public init(_ emulator: any ProviderEmulator) { self.emulator = emulator }

    /// The emulator's router with recording, faults and admin routes.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: RecordingMiddleware(recorder: emulator.recorder))
        router.add(middleware: FaultMiddleware(faults: emulator.faults))
        FakeAdmin.addRoutes(to: router, faults: emulator.faults, recorder: emulator.recorder)
        if let oauth = emulator.tokens.configuration {
            FakeOAuthServer.addRoutes(to: router, tokens: emulator.tokens, configuration: oauth)
        }
        emulator.addRoutes(to: router)
        return router
    }

    /// Builds a Hummingbird application serving the emulator on `host:port` (port 0 = any free port).
    /// `onRunning` receives the bound port.
    public func application(
        host: String = "127.0.0.1",
        port: Int = 0,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "emulator.\(emulator.integration)")
        logger.logLevel = .warning
        return Application(
            router: router(),
            configuration: .init(address: .hostname(host, port: port), serverName: "emulator-\(emulator.integration)"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
