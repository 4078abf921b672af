import Hummingbird
import HTTPTypes
import NIOCore
import UnifiedCRMCore

extension APIError {
    /// The error as an HTTP response in the contract's shape (rendered by `ErrorMiddleware`).
    func response() -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in self.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(data: body.encoded())))
    }
}
