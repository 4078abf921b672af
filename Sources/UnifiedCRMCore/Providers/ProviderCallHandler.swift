import NIOCore
import NIOHTTP1

/// Why a provider call over a pooled connection failed (besides a TLS or socket error).
enum ProviderCallFailure: Error, Equatable {
    /// The connection closed or failed before any of the answer arrived (on a reused connection:
    /// the provider had closed it while it sat idle; the call may be sent again on a fresh one).
    case closedBeforeAnswer
    /// The connection closed during the answer.
    case closedEarly
    /// The answer's body passed the size limit.
    case tooLarge
    /// No answer within the call's deadline.
    case timedOut
    /// Not an absolute `http`/`https` URL.
    case badURL
}

/// The last handler of a provider connection: collects one answer at a time (head and body, up to
/// `maxBodyBytes`) for the call waiting on `pending`, and closes an idle connection when the
/// pool's idle timer fires. Lives on the connection's event loop.
final class ProviderCallHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    struct Answer {
        let head: HTTPResponseHead
        let body: ByteBuffer
        /// The connection may carry another call.
        let reusable: Bool
    }

    private var pending: EventLoopPromise<Answer>?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    /// Something of the current answer arrived (a failure after that is not a stale connection).
    private var answerStarted = false
    /// Calls written on this connection, the current one included.
    private var calls = 0
    let maxBodyBytes: Int

    init(maxBodyBytes: Int) { self.maxBodyBytes = maxBodyBytes }

    /// Starts waiting for the answer to the call about to be written.
    /// A connection that already closed (a TLS handshake that failed before the call was
    /// written, a close from the provider) fails it at once.
    func expect(_ promise: EventLoopPromise<Answer>) {
        (head, body, answerStarted) = (nil, nil, false)
        calls += 1
        if isClosed { promise.fail(closeError ?? ProviderCallFailure.closedBeforeAnswer) } else { pending = promise }
    }

    /// The connection is gone; `closeError` is the failure that closed it, if one did.
    private var isClosed = false
    private var closeError: (any Error)?

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            (head, answerStarted) = (received, true)
        case .body(var chunk):
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maxBodyBytes {
                fail(.tooLarge)
                context.close(promise: nil)
                return
            }
            if body == nil { body = chunk } else { body!.writeBuffer(&chunk) }
        case .end:
            guard let promise = pending, let head else { return }
            pending = nil
            let answer = Answer(head: head, body: body ?? ByteBuffer(), reusable: head.isKeepAlive)
            (self.head, body) = (nil, nil)
            promise.succeed(answer)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        isClosed = true
        fail(answerStarted ? .closedEarly : .closedBeforeAnswer)
        context.fireChannelInactive()
    }

    /// A TLS or socket error: the call fails with it (or as `closedBeforeAnswer` on a connection
    /// that carried calls before and got nothing of this answer) and the connection closes.
    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if closeError == nil { closeError = error }
        if let promise = pending {
            pending = nil
            // A connection that carried calls before and got nothing of this answer was closed while idle.
            promise.fail(answerStarted || calls <= 1 ? error : ProviderCallFailure.closedBeforeAnswer)
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent, pending == nil {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// Fails the waiting call, if any.
    func fail(_ failure: ProviderCallFailure) {
        guard let promise = pending else { return }
        pending = nil
        promise.fail(failure)
    }
}
