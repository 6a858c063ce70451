import NIOCore
import NIOHTTP1

/// Sits after the WebSocket upgrade's HTTP decoding until the first
/// request has been read: a first request that is not HTTP/1.1 fails in the
/// decoder before any ``ConnectionGuard`` exists, and is answered 400
/// `bad_request` through the ``ConnectionGate`` here instead of the
/// connection just closing. Later requests are the guard's.
final class FirstRequestErrors: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let gate: ConnectionGate

    init(gate: ConnectionGate) {
        self.gate = gate
    }

    /// Whatever comes first (a request head, or after an upgrade the
    /// WebSocket's bytes) means the decoder took the first request: the
    /// handler's work is done. It passes it on untouched.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        context.fireChannelRead(data)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        gate.refuseMalformed(error)
    }
}
