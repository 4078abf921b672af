import Foundation
import Testing
import UnifiedCRMCore

/// A provider that answers from a script of responses and records every request.
final class ScriptedTransport: ProviderTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<ProviderResponse, any Error>]
    private(set) var requests: [ProviderRequest] = []

    init(_ script: [Result<ProviderResponse, any Error>]) { self.script = script }

    func send(_ request: ProviderRequest, timeout: Duration) async throws -> ProviderResponse {
        let next: Result<ProviderResponse, any Error> = lock.withLock {
            requests.append(request)
            return script.count > 1 ? script.removeFirst() : script[0]
        }
        return try next.get()
    }

    var count: Int { lock.withLock { requests.count } }
}

func response(_ status: Int, _ body: String = "{}", headers: [(String, String)] = []) -> Result<ProviderResponse, any Error> {
    .success(ProviderResponse(status: status, headers: headers, body: Array(body.utf8)))
}

/// A retry budget no wait of these tests comes near: they assert which answers are retried, not how
/// fast. Under the whole suite's load on two cores a retry's task can wait over a minute to resume
/// (CI saw `retries429HonouringRetryAfterThenSucceeds` give up at 79 s with a 60 s budget).
private let generousRetryWait: Duration = .seconds(3600)

private func call(_ method: String = "GET", secret: String = "tok-SECRET-123") throws -> ProviderCaller.Call {
    let mapping = try MappingDirectory.load(repositoryRoot.appendingPathComponent("mappings").path)["pipedrive"]!
    var operation = mapping.resources["opportunities"]!.operations[.get]!
    operation.method = method
    let account = IntegratedAccount(id: UUID(), tenantId: "t", integration: "pipedrive", status: .active, authenticationMethod: "api_key",
                                    context: .object(["api_key": .string(secret)]), createdAt: Date(), updatedAt: Date())
    var call = ProviderCaller.Call(account: account, mapping: mapping, operation: operation)
    call.id = "7"
    return call
}

@Suite struct ProviderCallerTests {
    @Test func buildsTheNativeRequestFromTheMapping() throws {
        let caller = ProviderCaller(transport: ScriptedTransport([response(200)]), baseURLOverrides: ["pipedrive": "http://127.0.0.1:9"])
        var c = try call()
        c.id = "a/b"
        c.query = [("flag", "x y"), ("nested[key]", "v")]
        let request = try caller.request(for: c)
        #expect(request.url == "http://127.0.0.1:9/api/v2/deals/a%2Fb?flag=x%20y&nested%5Bkey%5D=v")
        #expect(request.headers.contains { $0 == ("x-api-token", "tok-SECRET-123") })
        #expect(request.method == "GET")
    }

    @Test func retries429HonouringRetryAfterThenSucceeds() async throws {
        let transport = ScriptedTransport([response(429, headers: [("Retry-After", "0")]), response(429, headers: [("Retry-After", "0")]), response(200, #"{"ok":true}"#)])
        let caller = ProviderCaller(transport: transport, maxRetryWait: generousRetryWait)
        let result = try await caller.send(try call())
        #expect(result.status == 200)
        #expect(transport.count == 3)
    }

    @Test func stillRateLimitedAfterTheBudgetIs429WithRetryAfter() async throws {
        let transport = ScriptedTransport([response(429, headers: [("Retry-After", "30")])])
        let caller = ProviderCaller(transport: transport, maxRetryWait: .seconds(1))
        await #expect(throws: APIError.self) { try await caller.send(try call()) }
        do { _ = try await caller.send(try call()) } catch let error as APIError {
            #expect(error.status == 429)
            #expect(error.headers["Retry-After"] == "30")
            #expect(error.details["remote_status"] == .number(429))
        }
    }

    @Test func serverErrorsAreRetriedForReadsButNeverForCreates() async throws {
        let reads = ScriptedTransport([response(503), response(200)])
        _ = try await ProviderCaller(transport: reads, maxRetryWait: generousRetryWait).send(try call())
        #expect(reads.count == 2)

        let creates = ScriptedTransport([response(503, #"{"error":"down"}"#), response(200)])
        do {
            _ = try await ProviderCaller(transport: creates, maxRetryWait: generousRetryWait).send(try call("POST"))
            Issue.record("expected a 502")
        } catch let error as APIError {
            #expect(error.status == 502)
            #expect(error.code == .remoteError)
            #expect(error.details["remote_body"] == .object(["error": .string("down")]))
        }
        #expect(creates.count == 1)
    }

    @Test func aRateLimitWithoutRetryAfterWaitsForTheMappingsResetHeader() async throws {
        // Pipedrive states its window in x-ratelimit-reset (seconds); 0 means "now".
        let limited = ScriptedTransport([response(429, headers: [("x-ratelimit-reset", "0")]), response(200)])
        _ = try await ProviderCaller(transport: limited, maxRetryWait: .seconds(1)).send(try call())
        #expect(limited.count == 2)
        // A reset beyond the retry budget is not waited for: the caller gets the 429.
        let later = ScriptedTransport([response(429, headers: [("x-ratelimit-reset", "30")]), response(200)])
        await #expect(throws: APIError.self) { _ = try await ProviderCaller(transport: later, maxRetryWait: .seconds(1)).send(try call()) }
        #expect(later.count == 1)
    }

    @Test func timeoutIs504() async throws {
        let caller = ProviderCaller(transport: ScriptedTransport([.failure(ProviderTimeoutError())]), timeout: .seconds(3))
        do { _ = try await caller.send(try call()); Issue.record("expected a 504") } catch let error as APIError {
            #expect(error.status == 504)
            #expect(error.code == .providerTimeout)
        }
    }

    @Test(arguments: [(404, 404, "not_found"), (401, 401, "needs_reauth"), (422, 400, "remote_validation_error"), (400, 400, "remote_validation_error"), (418, 502, "remote_error")])
    func providerStatusesMapToContractErrors(remote: Int, status: Int, code: String) async throws {
        let caller = ProviderCaller(transport: ScriptedTransport([response(remote, #"{"success":false,"error":"nope tok-SECRET-123"}"#)]))
        do { _ = try await caller.send(try call()); Issue.record("expected an error") } catch let error as APIError {
            #expect(error.status == status)
            #expect(error.code.rawValue == code)
            #expect(error.details["remote_status"] == .number(Double(remote)))
            // The account's secret never travels back, even when the provider echoes it.
            #expect(!String(decoding: error.body.encoded(), as: UTF8.self).contains("tok-SECRET-123"))
            #expect(error.message.contains("nope"))
        }
    }
}
