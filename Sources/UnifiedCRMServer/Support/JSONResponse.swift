import Foundation
import Hummingbird
import NIOCore
import UnifiedCRMCore

/// Builds JSON responses and reads JSON request bodies.
enum JSONResponse {
    /// An admin list page: `{"result": [...], "next_cursor": "…" | null, "result_count": N}`, the
    /// cursor carrying the keyset position after the last item, tagged with the list's kind.
    static func page(_ items: [JSONValue], nextAfter: Int64?, cursorKind: String) -> Response {
        make(.object([
            "result": .array(items),
            "next_cursor": nextAfter.map { .string(AccountCursor.encode($0, kind: cursorKind)) } ?? .null,
            "result_count": .integer(items.count),
        ]))
    }

    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        make(bytes: value.encoded(), status: status)
    }

    static func make(bytes: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: bytes)))
    }

    /// Largest request body accepted.
    static let maxBodySize = 8 * 1024 * 1024

    /// Reads and parses the request body; a 400 `invalid_json` for an empty or malformed body.
    static func body(of request: Request) async throws -> JSONValue {
        try await bodyAndBytes(of: request).json
    }

    /// The raw request body; 413 `body_too_large` past `limit` bytes.
    static func bytes(of request: Request, upTo limit: Int) async throws -> [UInt8] {
        var request = request
        do {
            return Array(try await request.collectBody(upTo: limit).readableBytesView)
        } catch {
            throw APIError(.bodyTooLarge, "The request body is larger than \(limit) bytes.")
        }
    }

    /// The request body parsed, and its bytes (for `Idempotency-Key` fingerprints).
    static func bodyAndBytes(of request: Request) async throws -> (json: JSONValue, bytes: [UInt8]) {
        let bytes = try await self.bytes(of: request, upTo: maxBodySize)
        guard !bytes.isEmpty else { throw APIError.invalidJSON("The request body is empty; a JSON object is required.") }
        do {
            return (try JSONParser.parse(bytes, limits: .requestBody), bytes)
        } catch let error as JSONParseError {
            throw APIError.invalidJSON("The request body is not valid JSON: \(error.message)")
        }
    }
}

extension ByteBuffer {
    init(data: Data) { self.init(bytes: data) }
}
