import Foundation
import NIOCore

/// The first handler of every connection, below HTTP and WebSocket alike:
/// it counts the connection toward ``HTTPLimits/maxConnections`` (one
/// beyond is answered 503 `too_many_connections` and closed) and toward its
/// client address's share, ``HTTPLimits/maxConnectionsPerAddress`` (one
/// beyond is answered 429 `too_many_connections_from_address` and closed,
/// so that one address cannot hold every connection), and closes a
/// connection that sends no complete request head within
/// ``HTTPLimits/headTimeout`` of opening. It watches only until the first
/// head ends; ``ConnectionGuard`` guards HTTP from there, and a WebSocket
/// keeps its count until it closes.
final class ConnectionGate: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The server's open connections, in all and per client address,
    /// shared by the gates of all of them.
    final class OpenConnections: @unchecked Sendable {
        /// Why a connection was not counted.
        enum Refusal {
            case full
            case addressFull
        }

        private let lock = NSLock()
        private var count = 0
        private var perAddress: [String: Int] = [:]

        /// Counts one more connection from `address`, unless `limits`
        /// forbid it.
        func open(from address: String, limits: HTTPLimits) -> Refusal? {
            lock.withLock {
                guard count < limits.maxConnections else { return .full }
                let held = perAddress[address, default: 0]
                guard held < limits.maxConnectionsPerAddress else { return .addressFull }
                count += 1
                perAddress[address] = held + 1
                return nil
            }
        }

        func close(from address: String) {
            lock.withLock {
                count -= 1
                let held = perAddress[address, default: 1] - 1
                perAddress[address] = held > 0 ? held : nil
            }
        }
    }

    private let limits: HTTPLimits
    private let connections: OpenConnections
    /// The client address this connection was counted under, once counted.
    private var counted: String?
    private var refused = false
    private var deadline: Scheduled<Void>?
    /// The last bytes seen before the first head ended (to find CRLF CRLF across reads).
    private var tail: [UInt8] = []
    private var headSeen = false
    private var context: ChannelHandlerContext?

    init(limits: HTTPLimits, connections: OpenConnections) {
        self.limits = limits
        self.connections = connections
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { admit(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if refused { return }
        if !headSeen { watchForHeadEnd(unwrapInboundIn(data)) }
        context.fireChannelRead(data)
    }

    private func admit(_ context: ChannelHandlerContext) {
        guard counted == nil && !refused else { return }
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        switch connections.open(from: address, limits: limits) {
        case .full:
            answer(context, "503 Service Unavailable", "too_many_connections", "the node has \(limits.maxConnections) connections open; retry shortly")
            return
        case .addressFull:
            answer(context, "429 Too Many Requests", "too_many_connections_from_address",
                   "\(address) has \(limits.maxConnectionsPerAddress) connections open, the most one address may hold; close one first")
            return
        case nil:
            break
        }
        counted = address
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.headTimeout / .nanoseconds(1)))) { loopBound.value.close(promise: nil) }
    }

    private func watchForHeadEnd(_ buffer: ByteBuffer) {
        let bytes = tail + buffer.readableBytesView
        let end: [UInt8] = [13, 10, 13, 10]
        if bytes.count >= 4, (0...(bytes.count - 4)).contains(where: { bytes[$0..<$0 + 4].elementsEqual(end) }) {
            headSeen = true
            deadline?.cancel()
            deadline = nil
            tail = []
        } else {
            tail = Array(bytes.suffix(3))
        }
    }

    /// Answers 400 `bad_request` and closes: the first request is not
    /// HTTP/1.1 (``FirstRequestErrors`` saw the decoder fail before any
    /// ``ConnectionGuard`` was added). Call on the event loop.
    func refuseMalformed(_ error: any Error) {
        guard let context, !refused else { return }
        answer(context, "400 Bad Request", "bad_request", "the request is not valid HTTP/1.1 (\(error)); see docs/PROTOCOL.md")
    }

    /// Answers with the JSON error body, below every HTTP handler, and closes.
    private func answer(_ context: ChannelHandlerContext, _ status: String, _ code: String, _ message: String) {
        refused = true
        deadline?.cancel()
        deadline = nil
        let body = (try? JSONEncoder().encode(["error": ["code": code, "message": message]])) ?? Data()
        var buffer = context.channel.allocator.buffer(capacity: body.count + 160)
        buffer.writeString("HTTP/1.1 \(status)\r\nServer: rollup\r\nContent-Type: application/json\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n")
        buffer.writeBytes(body)
        context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
    }

    private func release() {
        deadline?.cancel()
        deadline = nil
        if let counted { connections.close(from: counted) }
        counted = nil
    }
}
