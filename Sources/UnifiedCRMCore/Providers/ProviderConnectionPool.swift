import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Keep-alive HTTP/1.1 connections to provider origins, at most `maxPerOrigin` open per origin;
/// a connection idle for `idleTimeout` is closed. HTTPS verifies the certificate chain and, for a
/// host name, the name (SNI sent); `tls` decides which CAs are trusted.
final class ProviderConnectionPool: Sendable {
    /// One open connection and its answer handler.
    struct Connection: Sendable {
        let channel: Channel
        let handler: NIOLoopBoundBox<ProviderCallHandler?>
    }

    private struct OriginState {
        var idle: [Connection] = []
        var open = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    let group: any EventLoopGroup
    let maxPerOrigin: Int
    let idleTimeout: TimeAmount
    let maxBodyBytes: Int
    private let sslContext: NIOSSLContext
    private let origins = NIOLockedValueBox<[ProviderURL.Origin: OriginState]>([:])

    init(tls: TLSConfiguration, maxPerOrigin: Int, idleTimeout: TimeAmount = .seconds(60), maxBodyBytes: Int,
         group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        sslContext = try NIOSSLContext(configuration: tls)
        (self.maxPerOrigin, self.idleTimeout, self.maxBodyBytes, self.group) = (maxPerOrigin, idleTimeout, maxBodyBytes, group)
    }

    /// An idle connection to `origin`, else a new one, else (at the limit) the next one released.
    func acquire(_ origin: ProviderURL.Origin, connectTimeout: TimeAmount) async throws -> Connection {
        while true {
            enum Next { case reuse(Connection), connect, wait }
            let next: Next = origins.withLockedValue { all in
                var state = all[origin, default: OriginState()]
                defer { all[origin] = state }
                while let connection = state.idle.popLast() {
                    if connection.channel.isActive { return .reuse(connection) }
                }
                guard state.open < maxPerOrigin else { return .wait }
                state.open += 1
                return .connect
            }
            switch next {
            case .reuse(let connection): return connection
            case .connect:
                do { return try await connect(origin, timeout: connectTimeout) } catch {
                    closed(origin)
                    throw error
                }
            case .wait:
                await withCheckedContinuation { continuation in
                    let resumeNow = origins.withLockedValue { all -> Bool in
                        // A connection may have come back between the two locks.
                        if all[origin]?.idle.isEmpty == false || (all[origin]?.open ?? 0) < maxPerOrigin { return true }
                        all[origin, default: OriginState()].waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            }
        }
    }

    /// Gives a connection back after a complete answer: kept for the next call when `reusable`, else closed.
    func release(_ connection: Connection, origin: ProviderURL.Origin, reusable: Bool) {
        guard reusable, connection.channel.isActive else {
            connection.channel.close(promise: nil)
            return
        }
        let waiter = origins.withLockedValue { all -> CheckedContinuation<Void, Never>? in
            all[origin, default: OriginState()].idle.append(connection)
            return all[origin]?.waiters.isEmpty == false ? all[origin]?.waiters.removeFirst() : nil
        }
        waiter?.resume()
    }

    /// A connection to `origin` closed (or failed to open): it no longer counts, and a waiter may connect.
    private func closed(_ origin: ProviderURL.Origin, channel: Channel? = nil) {
        let waiter = origins.withLockedValue { all -> CheckedContinuation<Void, Never>? in
            guard var state = all[origin] else { return nil }
            if let channel { state.idle.removeAll { $0.channel === channel } }
            state.open = max(0, state.open - 1)
            let waiter = state.waiters.isEmpty ? nil : state.waiters.removeFirst()
            all[origin] = state
            return waiter
        }
        waiter?.resume()
    }

    private func connect(_ origin: ProviderURL.Origin, timeout: TimeAmount) async throws -> Connection {
        let (sslContext, idleTimeout, maxBodyBytes) = (self.sslContext, self.idleTimeout, self.maxBodyBytes)
        // SNI and name verification take a host name, never an IP address literal.
        let serverName = origin.tls && IPAddressClass(literal: origin.host) == nil ? origin.host : nil
        let loop = group.next()
        // The answer handler, made with the pipeline on the connection's loop and kept for its calls.
        let handler = NIOLoopBoundBox.makeEmptyBox(valueType: ProviderCallHandler.self, eventLoop: loop)
        let channel = try await ClientBootstrap(group: loop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if origin.tls { try sync.addHandler(try NIOSSLClientHandler(context: sslContext, serverHostname: serverName)) }
                    try sync.addHTTPClientHandlers()
                    try sync.addHandler(IdleStateHandler(allTimeout: idleTimeout))
                    let calls = ProviderCallHandler(maxBodyBytes: maxBodyBytes)
                    handler.value = calls
                    try sync.addHandler(calls)
                }
            }
            .connect(host: origin.host, port: origin.port).get()
        channel.closeFuture.whenComplete { [weak self] _ in self?.closed(origin, channel: channel) }
        return Connection(channel: channel, handler: handler)
    }

    /// Connections open to any origin, in use or idle.
    var openCount: Int { origins.withLockedValue { $0.values.reduce(0) { $0 + $1.open } } }
}
