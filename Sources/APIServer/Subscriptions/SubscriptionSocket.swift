import APIContract
import Foundation
import Hummingbird
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket

/// One connection of `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions"):
/// reads the client's subscription requests, answers each with an
/// acknowledgement or an error (and, for a transaction, an account or the
/// status, the current state at once), and sends the events of its topics
/// from its queue in the ``EventHub``. A client that lets its queue fill is
/// sent a close frame with ``SubscriptionLimits/slowCloseCode`` and, if it
/// does not read that either within ``closeGrace``, reset.
struct SubscriptionSocket: Sendable {
    let hub: EventHub
    let feed: ChainFeed

    /// How long a dropped client has to read its close frame.
    static let closeGrace: Duration = .seconds(5)

    /// The router of WebSocket upgrades: `GET /v1/ws`.
    static func router(hub: EventHub, feed: ChainFeed) -> Router<SocketRequestContext> {
        let socket = SubscriptionSocket(hub: hub, feed: feed)
        let router = Router(context: SocketRequestContext.self)
        router.ws("v1/ws") { inbound, outbound, context in
            try await socket.serve(inbound, outbound, channel: context.requestContext.channel)
        }
        return router
    }

    func serve(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, channel: any Channel) async throws {
        let subscriber = hub.open { Self.drop(channel, queued: hub.limits.maxQueuedMessages) }
        defer { hub.close(subscriber) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await text in subscriber.messages {
                    if subscriber.dropped { break }
                    hub.taken(by: subscriber)
                    try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: text)))
                }
            }
            group.addTask {
                var messages = inbound.messages(maxSize: hub.limits.maxMessageBytes).makeAsyncIterator()
                while let message = try await messages.next() {
                    guard case .text(let text) = message else {
                        hub.send(.error("bad_message", "send each request as a JSON text frame"), to: subscriber)
                        continue
                    }
                    try await handle(text, subscriber)
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Answers one request.
    func handle(_ text: String, _ subscriber: EventHub.Subscriber) async throws {
        guard let request = try? JSONDecoder().decode(SubscriptionRequest.self, from: Data(text.utf8)) else {
            hub.send(.error("bad_message", "a request is a JSON object with op and topic (docs/PROTOCOL.md, \"Subscriptions\")"), to: subscriber)
            return
        }
        let topic: SubscriptionTopic
        do { topic = try request.checkedTopic() } catch {
            hub.send(.error("bad_topic", error.description, id: request.id.map { String($0.prefix(64)) }), to: subscriber)
            return
        }
        switch request.op {
        case "subscribe":
            do { try hub.subscribe(subscriber, to: topic, ack: .ack("subscribe", topic, id: request.id)) } catch {
                hub.send(.error(
                    "too_many_subscriptions", "a connection may hold \(hub.limits.maxSubscriptionsPerConnection) subscriptions; unsubscribe first",
                    id: request.id), to: subscriber)
                return
            }
            try await sendCurrentState(of: topic, to: subscriber)
        case "unsubscribe":
            hub.unsubscribe(subscriber, from: topic, ack: .ack("unsubscribe", topic, id: request.id))
        default:
            hub.send(.error("bad_message", "op is subscribe or unsubscribe", id: request.id), to: subscriber)
        }
    }

    /// What a new subscriber of `topic` hears at once: a transaction's or
    /// an account's state if the node has it, and the status.
    private func sendCurrentState(of topic: SubscriptionTopic, to subscriber: EventHub.Subscriber) async throws {
        switch topic {
        case .blocks: break
        case .transaction(let hash): if let event = try feed.transaction(hash) { hub.send(.event(event), to: subscriber) }
        case .account(let id): if let event = try await feed.account(id) { hub.send(.event(event), to: subscriber) }
        case .status: hub.send(.event(try await feed.status()), to: subscriber)
        }
    }

    /// Sends a close frame past the queue (a channel write never waits) and
    /// resets the connection if it is still open ``closeGrace`` later.
    static func drop(_ channel: any Channel, queued: Int) {
        var data = channel.allocator.buffer(capacity: 64)
        data.writeInteger(SubscriptionLimits.slowCloseCode)
        data.writeString("too slow: \(queued) messages waited unread")
        channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, data: data), promise: nil)
        channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(closeGrace / .nanoseconds(1)))) {
            guard channel.isActive else { return }
            _ = (channel as? SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            channel.close(promise: nil)
        }
    }
}
