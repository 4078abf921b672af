import AsyncHTTPClient
import NIOSSL
import Foundation
import NIOCore
import NIOHTTP1

/// One native call to a provider.
public struct ProviderRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(String, String)]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [(String, String)], body: [UInt8]?) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A provider's answer, bytes untouched.
public struct ProviderResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { HeaderName.equal($0.0, name) }?.1
    }
}

/// Sends provider requests. The server uses `PooledProviderTransport`; tests may substitute another.
public protocol ProviderTransport: Sendable {
    func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse
}

/// A provider that did not answer in time.
public struct ProviderTimeoutError: Error {
    public init() {}
}

/// Settings of provider calls (`PooledProviderTransport`).
public enum ProviderHTTPClient {
    /// HTTP/1 connections per provider origin: a provider's own rate limits, not a small pool,
    /// should be what bounds a burst (AsyncHTTPClient's default of 8 queued a burst of callers
    /// behind each other until their deadlines passed).
    public static let connectionsPerHost = 128

    /// The certificates of the PEM file at `path` (`--provider-ca-file`); a `ProviderCAError` when
    /// it holds none or cannot be read.
    public static func certificates(inPEMFile path: String) throws -> [NIOSSLCertificate] {
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw ProviderCAError("--provider-ca-file: `\(path)` is not a readable PEM file of CA certificates (\(error))")
        }
        guard !certificates.isEmpty else { throw ProviderCAError("--provider-ca-file: `\(path)` holds no certificate") }
        return certificates
    }
}

public struct ProviderCAError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// `ProviderTransport` over an AsyncHTTPClient (webhook deliveries: `WebhookHTTPClient`).
public struct HTTPClientTransport: ProviderTransport {
    let client: HTTPClient
    /// Largest answer accepted.
    let maxResponseBytes: Int

    public init(client: HTTPClient, maxResponseBytes: Int = 64 * 1024 * 1024) {
        self.client = client
        self.maxResponseBytes = maxResponseBytes
    }

    public func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        var outbound = HTTPClientRequest(url: request.url)
        outbound.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outbound.headers.add(name: name, value: value) }
        if let body = request.body { outbound.body = .bytes(ByteBuffer(bytes: body)) }
        let seconds = Int64(timeout.components.seconds)
        let deadline = TimeAmount.seconds(seconds) + .nanoseconds(timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outbound, timeout: deadline)
            let body = try await response.body.collect(upTo: maxResponseBytes)
            return ProviderResponse(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView)
            )
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ProviderTimeoutError()
        }
    }
}
