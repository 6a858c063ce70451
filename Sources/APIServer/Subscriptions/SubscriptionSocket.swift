import APIContract
import Foundation
import RollupTypes
import Hummingbird
import HummingbirdWebSocket
import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket
import ServiceLifecycle

/// One connection of `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions"):
/// reads the client's subscription requests and answers each with an
/// acknowledgement or an error (and, for a transaction, an account or the
/// status, the current state at once). The events of its topics reach it
/// through the ``EventHub``, written by its ``Subscriber``.
struct SubscriptionSocket: Sendable {
    let hub: EventHub
    let feed: ChainFeed

    /// The router of WebSocket upgrades: `GET /v1/ws`.
    static func router(hub: EventHub, feed: ChainFeed) -> Router<SocketRequestContext> {
        let socket = SubscriptionSocket(hub: hub, feed: feed)
        let router = Router(context: SocketRequestContext.self)
        router.ws("v1/ws") { inbound, outbound, context in
            let channel = context.requestContext.channel
            // One address holds at most its share of sockets; one more is told so and closed.
            guard hub.sockets.take(Self.address(of: channel), on: channel) else {
                try await outbound.close(
                    .unknown(SubscriptionLimits.crowdedCloseCode),
                    reason: "too many sockets: \(hub.limits.maxSocketsPerAddress) are open from this address; subscribe to more topics on one")
                return
            }
            defer { hub.sockets.give(Self.address(of: channel), on: channel) }
            try await socket.serve(inbound, channel: channel)
        }
        return router
    }

    /// The socket's send buffer: what a subscriber needs many times over,
    /// and little for one that stops reading to hide in the kernel.
    static let sendBuffer = 64 * 1024

    /// The client address a socket is counted under.
    static func address(of channel: any Channel) -> String {
        channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// What one read of a socket may take: a few dozen requests. With the
    /// pacing, what a client sends faster than it is served waits in its
    /// own TCP window, not in the node's memory.
    static let receiveBuffer = 4 * 1024

    /// Reads requests until the client closes, goes away, or is closed by
    /// the node (too slow, or idle: ``closeWhenIdle(_:lastRequest:)``), or
    /// the node shuts down; what such a client still had queued is not served.
    func serve(_ inbound: WebSocketInboundStream, channel: any Channel) async throws {
        try await channel.setOption(ChannelOptions.socketOption(.so_sndbuf), value: SocketOptionValue(Self.sendBuffer)).get()
        try await channel.setOption(ChannelOptions.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: Self.receiveBuffer)).get()
        let subscriber = hub.open(channel)
        defer { hub.close(subscriber) }
        let lastRequest = NIOLockedValueBox(ContinuousClock.now)
        let idleWatch = Task { await closeWhenIdle(subscriber, lastRequest: lastRequest) }
        defer { idleWatch.cancel() }
        try await cancelWhenGracefulShutdown {
            var messages = inbound.messages(maxSize: hub.limits.maxMessageBytes).makeAsyncIterator()
            var pacer = RequestPacer(perSecond: hub.limits.requestsPerSecond, burst: hub.limits.requestBurst)
            while let message = try await messages.next() {
                try await pacer.awaitTurn()
                guard channel.isActive, !subscriber.isClosing else { return }
                guard case .text(let text) = message else {
                    hub.send(.error("bad_message", "send each request as a JSON text frame"), to: subscriber)
                    continue
                }
                // Only a request that took effect keeps a socket without subscriptions from idling out.
                if try await handle(text, subscriber) { lastRequest.withLockedValue { $0 = .now } }
            }
        }
    }

    /// Closes `subscriber` with ``SubscriptionLimits/idleCloseCode`` once
    /// it has held no subscription for ``SubscriptionLimits/idleTimeout``
    /// since its last request; looks four times per timeout.
    private func closeWhenIdle(_ subscriber: Subscriber, lastRequest: NIOLockedValueBox<ContinuousClock.Instant>) async {
        let timeout = hub.limits.idleTimeout
        while (try? await Task.sleep(for: timeout / 4)) != nil {
            guard ContinuousClock.now - lastRequest.withLockedValue({ $0 }) >= timeout, hub.holdsNothing(subscriber) else { continue }
            let reason = "idle: no subscription for \(timeout.components.seconds) s"
            subscriber.channel.eventLoop.execute { subscriber.close(code: SubscriptionLimits.idleCloseCode, reason: reason) }
            return
        }
    }

    /// Answers one request; whether it subscribed (errors, and
    /// unsubscribing, keep no socket from idling out).
    @discardableResult
    func handle(_ text: String, _ subscriber: Subscriber) async throws -> Bool {
        if let violation = OneReadingJSON.violation(in: Array(text.utf8)) {
            hub.send(.error("bad_message", violation), to: subscriber)
            return false
        }
        let decoder = JSONDecoder()
        decoder.userInfo[.refusesForeignFields] = true
        let request: SubscriptionRequest
        do { request = try decoder.decode(SubscriptionRequest.self, from: Data(text.utf8)) } catch {
            let field = (error as? TransactionFieldError).map { "; \($0.description)" } ?? ""
            hub.send(.error("bad_message", "a request is a JSON object with op and topic (docs/PROTOCOL.md, \"Subscriptions\")\(field)"), to: subscriber)
            return false
        }
        let topic: SubscriptionTopic
        do { topic = try request.checkedTopic(accounts: feed.accounts) } catch {
            hub.send(.error("bad_topic", error.description, id: request.id.map { String($0.prefix(64)) }), to: subscriber)
            return false
        }
        switch request.op {
        case "subscribe":
            do { try hub.subscribe(subscriber, to: topic, ack: .ack("subscribe", topic, id: request.id)) } catch {
                hub.send(.error(
                    "too_many_subscriptions", "a connection may hold \(hub.limits.maxSubscriptionsPerConnection) subscriptions; unsubscribe first",
                    id: request.id), to: subscriber)
                return false
            }
            try await sendCurrentState(of: topic, to: subscriber)
            return true
        case "unsubscribe":
            hub.unsubscribe(subscriber, from: topic, ack: .ack("unsubscribe", topic, id: request.id))
            return false
        default:
            hub.send(.error("bad_message", "op is subscribe or unsubscribe", id: request.id), to: subscriber)
            return false
        }
    }

    /// What a new subscriber of `topic` hears at once: a transaction's or
    /// an account's state if the node has it, and the status.
    private func sendCurrentState(of topic: SubscriptionTopic, to subscriber: Subscriber) async throws {
        switch topic {
        case .blocks: break
        case .transaction(let hash): if let event = try feed.transaction(hash) { hub.send(.event(event), to: subscriber) }
        case .account(let id): if let event = try await feed.account(id) { hub.send(.event(event), to: subscriber) }
        case .status: hub.send(.event(try await feed.status()), to: subscriber)
        }
    }
}
