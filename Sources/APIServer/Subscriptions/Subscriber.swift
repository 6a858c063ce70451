import APIContract
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// One WebSocket connection of `GET /v1/ws` as the ``EventHub`` sees it:
/// its topics, and its way out. Messages are written as text frames
/// straight to its channel on the channel's event loop (no task per
/// subscriber), in the order the hub hands them over; those the socket has
/// not yet taken are counted with their cost, and when
/// ``SubscriptionLimits/maxQueuedMessages`` wait or their cost would pass
/// ``SubscriptionLimits/maxQueuedBytes`` the subscriber is dropped: a close frame with
/// ``SubscriptionLimits/slowCloseCode`` follows what was already written,
/// and the connection is reset if it is still open ``closeGrace`` later
/// (as when it is closed for idling, ``close(code:reason:)``).
final class Subscriber: @unchecked Sendable {
    let id: Int
    let channel: any Channel
    /// Its topics (guarded by the hub's lock).
    var topics = Set<SubscriptionTopic>()
    private let limits: SubscriptionLimits
    // On the event loop only:
    private var unsent = 0
    private var unsentCost = 0
    private var dropped = false
    /// Set once a close frame was sent (``close(code:reason:)``): readable
    /// from any thread, so that its requests stop being served.
    private let closing = NIOLockedValueBox(false)
    /// Whether the node closed this subscriber (too slow, or idle).
    var isClosing: Bool { closing.withLockedValue { $0 } }

    /// How long a dropped client has to read its close frame.
    static let closeGrace: Duration = .seconds(5)

    init(id: Int, channel: any Channel, limits: SubscriptionLimits) {
        self.id = id
        self.channel = channel
        self.limits = limits
    }

    /// Writes `message` (JSON) unless the subscriber was dropped; drops it
    /// instead if ``SubscriptionLimits/maxQueuedMessages`` wait unsent, or
    /// if it would take their cost past ``SubscriptionLimits/maxQueuedBytes``.
    /// On the event loop; `flush` after the last of a batch.
    func write(_ message: ByteBuffer) {
        channel.eventLoop.preconditionInEventLoop()
        guard !dropped else { return }
        let cost = message.readableBytes + SubscriptionLimits.queuedMessageOverhead
        guard unsent < limits.maxQueuedMessages, unsentCost + cost <= limits.maxQueuedBytes else {
            drop()
            return
        }
        unsent += 1
        unsentCost += cost
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenComplete { [self] _ in
            unsent -= 1
            unsentCost -= cost
        }
        channel.write(WebSocketFrame(fin: true, opcode: .text, data: message), promise: written)
    }

    func flush() {
        channel.flush()
    }

    private func drop() {
        close(code: SubscriptionLimits.slowCloseCode, reason: "too slow: \(unsent) messages waited unread")
    }

    /// Sends a close frame with `code` and `reason` after what was already
    /// written, and resets the connection if it is still open
    /// ``closeGrace`` later; nothing is written after it. On the event loop.
    func close(code: UInt16, reason: String) {
        channel.eventLoop.preconditionInEventLoop()
        guard !dropped else { return }
        dropped = true
        closing.withLockedValue { $0 = true }
        var data = channel.allocator.buffer(capacity: 64)
        data.writeInteger(code)
        data.writeString(reason)
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data), promise: nil)
        let channel = channel
        channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(Self.closeGrace / .nanoseconds(1)))) {
            guard channel.isActive else { return }
            // Reset, not closed in order: what the kernel still holds for the client is dropped with it.
            _ = (channel as? SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            channel.close(promise: nil)
        }
    }
}
