import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1

/// A server's child channel with a ``ConnectionGate`` first in every
/// connection's pipeline, below whatever `base` sets up (HTTP, or a
/// WebSocket after an upgrade), and ``FirstRequestErrors`` after it.
struct GatedServerChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let gate: @Sendable () -> ConnectionGate

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let gate = gate()
        return channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(gate) }
            .flatMap { base.setup(channel: channel, logger: logger) }
            .flatMapThrowing { value in
                let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
                try channel.pipeline.syncOperations.addHandler(FirstRequestErrors(gate: gate), position: .after(decoder))
                return value
            }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
