import FakeProviderKit
import Foundation
import Hummingbird
import Synchronization
import Testing
import UnifiedCRMCore

/// The provider calls' own HTTP/1.1 client: keep-alive reuse, the connection limit, deadlines,
/// the answer size limit, framing (HEAD, bodies) and connections the provider closes. Deadlines
/// are long but for the one under test: on a loaded machine the loopback server answers late.
@Suite struct PooledProviderTransportTests {
    static func get(_ transport: PooledProviderTransport, _ port: Int, _ path: String, method: String = "GET", body: [UInt8]? = nil,
                    timeout: Duration = .seconds(60)) async throws -> ProviderResponse {
        try await transport.send(ProviderRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: [("Accept", "application/json")], body: body),
                                 timeout: timeout)
    }

    static func echoRouter() -> Router<BasicRequestContext> {
        let router = Router()
        router.on("/echo", method: .post) { request, _ -> Response in
            let body = try await request.body.collect(upTo: 1 << 20)
            let text = "\(request.head.authority ?? "")|\(request.headers[.contentLength] ?? "")|\(String(buffer: body))|\(request.uri.query ?? "")"
            return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.on("/echo", method: .head) { _, _ in Response(status: .ok, headers: [.contentLength: "5"]) }
        router.get("/echo") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: "ok"))) }
        router.get("/big") { _, _ in Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: 4096))) }
        router.get("/slow") { _, _ -> Response in
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        return router
    }

    @Test func sequentialCallsShareOneConnectionAndTheRequestIsWrittenAsGiven() async throws {
        let transport = try PooledProviderTransport()
        try await LoopbackServer.run(Self.echoRouter()) { port in
            for index in 0..<5 {
                let answer = try await Self.get(transport, port, "/echo?n=\(index)&q=a%20b", method: "POST", body: Array("{\"i\":\(index)}".utf8))
                #expect(answer.status == 200)
                #expect(String(decoding: answer.body, as: UTF8.self) == "127.0.0.1:\(port)|7|{\"i\":\(index)}|n=\(index)&q=a%20b")
            }
            #expect(transport.openConnections == 1, "one keep-alive connection carried all five calls")
            let head = try await Self.get(transport, port, "/echo", method: "HEAD")
            #expect(head.status == 200 && head.body.isEmpty && head.header("content-length") == "5", "a HEAD answer has no body to wait for")
            let empty = try await Self.get(transport, port, "/echo", method: "POST")
            #expect(String(decoding: empty.body, as: UTF8.self).hasSuffix("|0||"), "a POST without a body says Content-Length: 0")
        }
    }

    @Test func anAnswerPastTheSizeLimitOrTheDeadlineFailsAndClosesItsConnection() async throws {
        let transport = try PooledProviderTransport(maxResponseBytes: 1024)
        try await LoopbackServer.run(Self.echoRouter()) { port in
            await #expect(throws: (any Error).self) { try await Self.get(transport, port, "/big") }
            await #expect(throws: ProviderTimeoutError.self) { try await Self.get(transport, port, "/slow", timeout: .milliseconds(200)) }
            for _ in 0..<50 where transport.openConnections > 0 { try await Task.sleep(for: .milliseconds(20)) }
            #expect(transport.openConnections == 0)
            #expect(try await Self.get(transport, port, "/echo", method: "POST").status == 200, "a fresh connection serves the next call")
        }
    }

    @Test func atTheConnectionLimitCallsWaitForAConnectionInsteadOfOpeningMore() async throws {
        let inFlight = Mutex(0), most = Mutex(0)
        let router = Router()
        router.get("/work") { _, _ -> Response in
            let now = inFlight.withLock { $0 += 1; return $0 }
            most.withLock { $0 = max($0, now) }
            try await Task.sleep(for: .milliseconds(100))
            inFlight.withLock { $0 -= 1 }
            return Response(status: .ok)
        }
        let transport = try PooledProviderTransport(maxConnectionsPerOrigin: 2)
        try await LoopbackServer.run(router) { port in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 { group.addTask { try await Self.get(transport, port, "/work").status } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 6))
            #expect(most.withLock { $0 } == 2 && transport.openConnections == 2)
        }
    }

    @Test func aConnectionTheProviderClosedWhileIdleIsReplaced() async throws {
        let transport = try PooledProviderTransport()
        try await LoopbackServer.run(Self.echoRouter(), idleTimeout: .seconds(1)) { port in
            #expect(try await Self.get(transport, port, "/echo").status == 200)
            for _ in 0..<200 where transport.openConnections > 0 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(transport.openConnections == 0, "the provider's close was noticed")
            // A GET is sent again on a fresh connection should the provider close this one too before answering.
            #expect(try await Self.get(transport, port, "/echo").status == 200)
        }
    }

    @Test func aURLThatIsNotAbsoluteHTTPIsRefusedWithoutACall() async throws {
        let transport = try PooledProviderTransport()
        for url in ["ftp://example.com/x", "http://", "http://user@example.com/", "http://example.com:99999/", "/relative"] {
            await #expect(throws: (any Error).self, "\(url)") {
                try await transport.send(ProviderRequest(method: "GET", url: url, headers: [], body: nil), timeout: .seconds(1))
            }
        }
        #expect(transport.openConnections == 0)
    }
}
