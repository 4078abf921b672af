import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where webhooks may be sent (SSRF). `target_url` must be `https://` (or `http://` when the
/// operator allows it) and, unless the operator allows private targets, every address its host
/// resolves to must be public: not loopback, private, link-local, CGNAT, multicast, unspecified or
/// a cloud metadata address. The address check runs at delivery time, on what the name resolves
/// to then (DNS rebinding); deliveries never follow redirects.
public struct WebhookTargetPolicy: Sendable {
    public var allowHTTP: Bool
    public var allowPrivateTargets: Bool

    public init(allowHTTP: Bool = false, allowPrivateTargets: Bool = false) {
        self.allowHTTP = allowHTTP
        self.allowPrivateTargets = allowPrivateTargets
    }

    /// A 400 naming `target_url` unless it is an absolute URL this policy may send to.
    public func checkURL(_ text: String) throws {
        guard text.utf8.count <= 2048, let url = URLComponents(string: text), let scheme = url.scheme?.lowercased(),
              let host = url.host, !host.isEmpty, url.user == nil, url.password == nil, url.fragment == nil else {
            throw APIError.invalidField("target_url", "The field `target_url` must be an absolute URL without credentials or fragment (at most 2048 bytes).")
        }
        guard scheme == "https" || (scheme == "http" && allowHTTP) else {
            throw APIError.invalidField("target_url", allowHTTP ? "The field `target_url` must be an http(s) URL." : "The field `target_url` must be an https URL (the operator has not allowed http targets).")
        }
        if !allowPrivateTargets, let literal = IPAddressClass(literal: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))), !literal.isPublic {
            throw APIError.invalidField("target_url", "The field `target_url` points at a private, loopback or link-local address, which the operator has not allowed.")
        }
    }

    /// Why `host` may not be sent to now (resolved), or nil when it may.
    public func refusal(host: String) async -> String? {
        if allowPrivateTargets { return nil }
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let addresses: [IPAddressClass]
        if let literal = IPAddressClass(literal: bare) { addresses = [literal] } else { addresses = await Self.resolve(bare) }
        guard !addresses.isEmpty else { return "the host `\(host)` does not resolve" }
        if let blocked = addresses.first(where: { !$0.isPublic }) { return "the host `\(host)` resolves to a non-public address (\(blocked.text))" }
        return nil
    }

    static func resolve(_ host: String) async -> [IPAddressClass] {
        await Task.detached {
            var hints = addrinfo()
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddressClass] = []
            var node: UnsafeMutablePointer<addrinfo>? = first
            while let current = node {
                if let address = IPAddressClass(sockaddr: current.pointee.ai_addr) { addresses.append(address) }
                node = current.pointee.ai_next
            }
            return addresses
        }.value
    }
}

/// An IPv4 or IPv6 address and whether it is publicly routable.
public struct IPAddressClass: Sendable, Equatable {
    public let bytes: [UInt8]

    public init?(literal: String) {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, literal, &v4) == 1 {
            bytes = withUnsafeBytes(of: v4) { Array($0) }
        } else if inet_pton(AF_INET6, literal, &v6) == 1 {
            bytes = withUnsafeBytes(of: v6) { Array($0) }
        } else {
            return nil
        }
    }

    init?(sockaddr pointer: UnsafeMutablePointer<sockaddr>?) {
        guard let pointer else { return nil }
        switch Int32(pointer.pointee.sa_family) {
        case AF_INET:
            bytes = pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin_addr) { Array($0) } }
        case AF_INET6:
            bytes = pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) } }
        default:
            return nil
        }
    }

    public var text: String {
        if bytes.count == 4 { return bytes.map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(format: "%x", Int(bytes[$0]) << 8 | Int(bytes[$0 + 1])) }.joined(separator: ":")
    }

    /// False for loopback, private, link-local, CGNAT, multicast, reserved, unspecified and metadata addresses.
    public var isPublic: Bool {
        if bytes.count == 4 { return Self.isPublicV4(bytes) }
        // IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible forms are judged as IPv4.
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff { return Self.isPublicV4(Array(bytes[12...])) }
        if bytes.allSatisfy({ $0 == 0 }) { return false }                                   // ::
        if bytes[0..<15].allSatisfy({ $0 == 0 }) && bytes[15] == 1 { return false }         // ::1
        if bytes[0] & 0xfe == 0xfc { return false }                                         // fc00::/7 unique local
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return false }                     // fe80::/10 link-local
        if bytes[0] == 0xff { return false }                                                // multicast
        if bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8 { return false } // documentation
        if bytes[0] == 0x00 && bytes[1] == 0x64 && bytes[2] == 0xff && bytes[3] == 0x9b { return Self.isPublicV4(Array(bytes[12...])) } // NAT64
        return true
    }

    static func isPublicV4(_ b: [UInt8]) -> Bool {
        switch (b[0], b[1]) {
        case (0, _), (10, _), (127, _): return false                  // this network, private, loopback
        case (100, 64...127): return false                            // CGNAT
        case (169, 254): return false                                 // link-local, metadata (169.254.169.254)
        case (172, 16...31), (192, 168): return false                 // private
        case (192, 0) where b[2] == 0 || b[2] == 2: return false      // IETF protocol assignments, documentation
        case (198, 18...19): return false                             // benchmarking
        case (198, 51) where b[2] == 100, (203, 0) where b[2] == 113: return false // documentation
        case (224...255, _): return false                             // multicast, reserved, broadcast
        default: return true
        }
    }
}
