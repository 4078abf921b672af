import NIOCore
import NIOHTTP1
import NIOSSL

/// `ProviderTransport` over keep-alive HTTP/1.1 connections of its own (`ProviderConnectionPool`):
/// the request is written as given (plus `Host` and `Content-Length`), the answer's bytes come back
/// untouched, redirects are answers, nothing is decompressed. A call whose connection closed
/// before any of the answer came (the provider had closed a kept connection, or closed a new one
/// at once) is sent again once on a fresh connection when its method is idempotent.
public final class PooledProviderTransport: ProviderTransport {
    let pool: ProviderConnectionPool

    /// The process's provider connections, trusting the system's CAs.
    public static let shared: PooledProviderTransport = {
        do { return try PooledProviderTransport() } catch { fatalError("the system's TLS configuration cannot be loaded: \(error)") }
    }()

    /// `tls` decides which CAs are trusted (the system's by default; verification is always on).
    public init(tls: TLSConfiguration = .makeClientConfiguration(), maxConnectionsPerOrigin: Int = ProviderHTTPClient.connectionsPerHost,
                maxResponseBytes: Int = 64 * 1024 * 1024) throws {
        var tls = tls
        tls.certificateVerification = .fullVerification
        pool = try ProviderConnectionPool(tls: tls, maxPerOrigin: maxConnectionsPerOrigin, maxBodyBytes: maxResponseBytes)
    }

    /// A transport that also trusts the CA certificates in the PEM file at `path` (`--provider-ca-file`).
    public static func trusting(caFile path: String) throws -> PooledProviderTransport {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.additionalTrustRoots = [.certificates(try ProviderHTTPClient.certificates(inPEMFile: path))]
        return try PooledProviderTransport(tls: tls)
    }

    /// Connections open now, in use or idle.
    public var openConnections: Int { pool.openCount }

    static let idempotent: Set<String> = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]

    public func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        guard let url = ProviderURL(request.url) else { throw ProviderCallFailure.badURL }
        let (seconds, attoseconds) = timeout.components
        let deadline = NIODeadline.now() + .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        var resent = false
        while true {
            let connection = try await acquire(url.origin, deadline: deadline)
            do {
                let answer = try await call(request, url: url, on: connection, deadline: deadline)
                pool.release(connection, origin: url.origin, reusable: answer.reusable)
                return ProviderResponse(status: Int(answer.head.status.code), headers: answer.head.headers.map { ($0.name, $0.value) },
                                        body: Array(answer.body.readableBytesView))
            } catch ProviderCallFailure.timedOut {
                throw ProviderTimeoutError()
            } catch ProviderCallFailure.closedBeforeAnswer where !resent && Self.idempotent.contains(request.method) {
                resent = true
            }
        }
    }

    private func acquire(_ origin: ProviderURL.Origin, deadline: NIODeadline) async throws -> ProviderConnectionPool.Connection {
        let left = deadline - .now()
        guard left > .zero else { throw ProviderTimeoutError() }
        do { return try await pool.acquire(origin, connectTimeout: left) } catch let error as ChannelError where error == .connectTimeout(left) {
            throw ProviderTimeoutError()
        }
    }

    /// Writes the request and waits for its whole answer; past `deadline` the connection is closed.
    private func call(_ request: ProviderRequest, url: ProviderURL, on connection: ProviderConnectionPool.Connection,
                      deadline: NIODeadline) async throws -> ProviderCallHandler.Answer {
        let channel = connection.channel
        let promise = channel.eventLoop.makePromise(of: ProviderCallHandler.Answer.self)
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method), uri: url.target)
        head.headers.reserveCapacity(request.headers.count + 2)
        head.headers.add(name: "Host", value: url.origin.hostHeader)
        for (name, value) in request.headers where !HeaderName.equal(name, "Host") && !HeaderName.equal(name, "Content-Length") {
            head.headers.add(name: name, value: value)
        }
        if let body = request.body { head.headers.add(name: "Content-Length", value: String(body.count)) }
        else if ["POST", "PUT", "PATCH"].contains(request.method) { head.headers.add(name: "Content-Length", value: "0") }
        let body = request.body.map { ByteBuffer(bytes: $0) }
        let boundHandler = connection.handler
        channel.eventLoop.execute { [head] in
            guard let handler = boundHandler.value else { return promise.fail(ProviderCallFailure.closedBeforeAnswer) }
            handler.expect(promise)
            let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
                boundHandler.value?.fail(.timedOut)
                channel.close(promise: nil)
            }
            promise.futureResult.whenComplete { _ in timer.cancel() }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if let body { channel.write(HTTPClientRequestPart.body(.byteBuffer(body)), promise: nil) }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        return try await promise.futureResult.get()
    }
}
