import NIOCore
import NIOHTTP1

/// Sits after the WebSocket upgrade's HTTP decoding: a first request that
/// is not HTTP/1.1 fails in the decoder before any ``ConnectionGuard``
/// exists, and is answered 400 `bad_request` through the ``ConnectionGate``
/// here instead of the connection just closing. Once anything has been read
/// (a request head, or after an upgrade the WebSocket's frames), it passes
/// everything on untouched: later requests are the guard's. (It stays in
/// the pipeline: removing it while the upgrade handler replays the first
/// request lost that request's answer.)
final class FirstRequestErrors: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart

    private let gate: ConnectionGate
    private var readAnything = false

    init(gate: ConnectionGate) {
        self.gate = gate
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        readAnything = true
        context.fireChannelRead(data)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !readAnything, error is HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        gate.refuseMalformed(error)
    }
}
