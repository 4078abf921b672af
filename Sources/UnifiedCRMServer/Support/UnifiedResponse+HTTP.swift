import HTTPTypes
import Hummingbird
import NIOCore
import UnifiedCRMCore

extension UnifiedResponse {
    /// The HTTP response. An empty body (a provider's 204 passed through) gets no `Content-Type`:
    /// claiming JSON for no bytes breaks clients that parse by content type. A replayed
    /// `Idempotency-Key` answer says so.
    func response(replayed: Bool = false) -> Response {
        var fields: HTTPFields = body.isEmpty ? [:] : [.contentType: contentType]
        for (name, value) in headers {
            if let field = HTTPField.Name(name) { fields[field] = value }
        }
        if replayed { fields[HTTPField.Name(IdempotentWrites.replayedHeaderName)!] = "true" }
        return Response(status: .init(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
