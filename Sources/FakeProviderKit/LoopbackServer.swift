import Hummingbird
import Logging
import NIOCore

/// A router served on a free loopback port for as long as `body` runs (test receivers, small
/// upstreams); `body` gets the port, and the server stops when it returns or throws.
public enum LoopbackServer {
    /// `idleTimeout`: the server closes a keep-alive connection idle that long.
    public static func run<Context: RequestContext>(_ router: Router<Context>, idleTimeout: TimeAmount? = nil,
                                                    _ body: @Sendable @escaping (Int) async throws -> Void) async throws
        where Context.Source == ApplicationRequestContextSource {
        var logger = Logger(label: "loopback-server")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(router: router, server: .http1(configuration: .init(idleTimeout: idleTimeout)),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var port = 0
            for await p in ports { port = p; break }
            do { try await body(port) } catch { group.cancelAll(); throw error }
            group.cancelAll()
        }
    }
}
