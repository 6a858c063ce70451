import APIContract
import Foundation
import NIOCore

/// The subscriptions of `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions"):
/// who listens to which topic. Publishing never waits: under one hold of
/// the lock it hands the encoded message to each subscriber's event loop
/// (one hop per loop, not per subscriber), where ``Subscriber`` writes it or,
/// if the subscriber reads too slowly, drops it. Handing over under the lock
/// keeps every subscriber's messages in the order they were published and
/// acknowledged: an unsubscription's acknowledgement is never followed by
/// an event of the topic.
public final class EventHub: @unchecked Sendable {
    /// Why a subscription is refused.
    enum Refusal: Error {
        case tooManySubscriptions(Int)
    }

    public let limits: SubscriptionLimits
    /// The open sockets of each client address (``SubscriptionLimits/maxSocketsPerAddress``).
    let sockets: AddressSlots
    private let lock = NSLock()
    private var subscribers = [Int: Subscriber]()
    private var byTopic = [SubscriptionTopic: Set<Int>]()
    /// The furthest status published of each subscribed transaction
    /// (``statusRank(_:)``): a status behind it is not published, so that
    /// a subscriber never hears `pending` after `committed`.
    private var transactionRanks = [String: Int]()
    private var nextID = 0
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(limits: SubscriptionLimits = SubscriptionLimits()) {
        self.limits = limits
        sockets = AddressSlots(limit: limits.maxSocketsPerAddress)
    }

    /// The subscriber of a new connection on `channel`.
    func open(_ channel: any Channel) -> Subscriber {
        lock.withLock {
            nextID += 1
            let subscriber = Subscriber(id: nextID, channel: channel, limits: limits)
            subscribers[nextID] = subscriber
            return subscriber
        }
    }

    /// Forgets a connection's subscriber and its subscriptions.
    func close(_ subscriber: Subscriber) {
        lock.withLock {
            for topic in subscriber.topics { removeLocked(subscriber.id, from: topic) }
            subscriber.topics.removeAll()
            subscribers[subscriber.id] = nil
        }
    }

    /// Subscribes, and sends `ack` before any event of the topic can be.
    func subscribe(_ subscriber: Subscriber, to topic: SubscriptionTopic, ack: SocketMessage) throws {
        let text = encode(ack)
        try lock.withLock { () throws -> Void in
            if !subscriber.topics.contains(topic) {
                guard subscriber.topics.count < limits.maxSubscriptionsPerConnection else { throw Refusal.tooManySubscriptions(limits.maxSubscriptionsPerConnection) }
                subscriber.topics.insert(topic)
                byTopic[topic, default: []].insert(subscriber.id)
            }
            if let text { handOver(text, to: [subscriber]) }
        }
    }

    /// Whether `subscriber` holds no subscription.
    func holdsNothing(_ subscriber: Subscriber) -> Bool {
        lock.withLock { subscriber.topics.isEmpty }
    }

    /// Unsubscribes; after the acknowledgement `ack`, nothing more of the topic is sent.
    func unsubscribe(_ subscriber: Subscriber, from topic: SubscriptionTopic, ack: SocketMessage) {
        let text = encode(ack)
        lock.withLock {
            if subscriber.topics.remove(topic) != nil { removeLocked(subscriber.id, from: topic) }
            if let text { handOver(text, to: [subscriber]) }
        }
    }

    private func removeLocked(_ id: Int, from topic: SubscriptionTopic) {
        byTopic[topic]?.remove(id)
        if byTopic[topic]?.isEmpty == true {
            byTopic[topic] = nil
            if case .transaction(let hash) = topic { transactionRanks[hash] = nil }
        }
    }

    /// A transaction status's place in its journey: pending, then
    /// committed or rejected, then verified.
    static func statusRank(_ status: String) -> Int {
        switch status {
        case "pending": 0
        case "committed", "rejected": 1
        default: 2
        }
    }

    /// Sends `message` to every subscriber of its topic.
    public func publish(_ message: SocketMessage) {
        guard let topic = message.subject, hasSubscribers(topic), let text = encode(message) else { return }
        lock.withLock {
            if case .transaction(let hash) = topic, let status = message.transaction?.status {
                let rank = Self.statusRank(status)
                guard rank > transactionRanks[hash] ?? -1 else { return }
                transactionRanks[hash] = rank
            }
            handOver(text, to: (byTopic[topic] ?? []).compactMap { subscribers[$0] })
        }
    }

    /// Sends `message` to one subscriber (an error, a current state).
    func send(_ message: SocketMessage, to subscriber: Subscriber) {
        guard let text = encode(message) else { return }
        lock.withLock { handOver(text, to: [subscriber]) }
    }

    /// Hands `text` to each receiver's event loop, one task per loop.
    /// Under the lock, so that each loop gets messages in publishing order.
    private func handOver(_ text: ByteBuffer, to receivers: [Subscriber]) {
        var byLoop = [ObjectIdentifier: (loop: any EventLoop, subscribers: [Subscriber])]()
        for subscriber in receivers {
            let loop = subscriber.channel.eventLoop
            byLoop[ObjectIdentifier(loop), default: (loop, [])].subscribers.append(subscriber)
        }
        for (loop, group) in byLoop.values {
            loop.execute {
                for subscriber in group { subscriber.write(text) }
                for subscriber in group { subscriber.flush() }
            }
        }
    }

    /// Whether anyone subscribes to `topic`.
    public func hasSubscribers(_ topic: SubscriptionTopic) -> Bool {
        lock.withLock { byTopic[topic] != nil }
    }

    /// The transactions and accounts someone subscribes to.
    func subscribedTransactions() -> [String] {
        lock.withLock { byTopic.keys.compactMap { if case .transaction(let hash) = $0 { hash } else { nil } } }
    }

    func subscribedAccounts() -> [UInt32] {
        lock.withLock { byTopic.keys.compactMap { if case .account(let id) = $0 { id } else { nil } } }
    }

    /// Open connections.
    public var connections: Int { lock.withLock { subscribers.count } }

    private func encode(_ message: SocketMessage) -> ByteBuffer? {
        (try? encoder.encode(message)).map { ByteBuffer(bytes: $0) }
    }
}
