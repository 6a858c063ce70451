import APIContract
import Foundation
import NIOCore

/// The subscriptions of `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions"):
/// who listens to which topic, and a bounded queue of messages per
/// subscriber. Publishing never waits: it appends to the queues of the
/// topic's subscribers, and a subscriber whose queue is full (it reads too
/// slowly) is dropped, its connection closed with ``SubscriptionLimits/slowCloseCode``.
public final class EventHub: @unchecked Sendable {
    /// One WebSocket connection's subscriptions and its queue of messages to send.
    final class Subscriber: @unchecked Sendable {
        let id: Int
        /// What the connection's writer sends, in order: JSON text, encoded
        /// once for all the subscribers of an event.
        let messages: AsyncStream<ByteBuffer>
        fileprivate let continuation: AsyncStream<ByteBuffer>.Continuation
        fileprivate var topics = Set<SubscriptionTopic>()
        /// Messages queued and not yet taken by the writer.
        fileprivate var queued = 0
        fileprivate(set) var dropped = false
        /// Runs once, when the subscriber is dropped for reading too slowly.
        fileprivate let onDrop: @Sendable () -> Void

        fileprivate init(id: Int, onDrop: @escaping @Sendable () -> Void) {
            self.id = id
            self.onDrop = onDrop
            (messages, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        }
    }

    /// Why a subscription is refused.
    enum Refusal: Error {
        case tooManySubscriptions(Int)
    }

    public let limits: SubscriptionLimits
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
    }

    /// A new connection's subscriber; `onDrop` runs if it is dropped.
    func open(onDrop: @escaping @Sendable () -> Void) -> Subscriber {
        lock.withLock {
            nextID += 1
            let subscriber = Subscriber(id: nextID, onDrop: onDrop)
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
        subscriber.continuation.finish()
    }

    /// Subscribes, and queues `ack` before any event of the topic can be.
    func subscribe(_ subscriber: Subscriber, to topic: SubscriptionTopic, ack: SocketMessage) throws {
        let text = encode(ack)
        let dropped = try lock.withLock { () throws -> Bool in
            if !subscriber.topics.contains(topic) {
                guard subscriber.topics.count < limits.maxSubscriptionsPerConnection else { throw Refusal.tooManySubscriptions(limits.maxSubscriptionsPerConnection) }
                subscriber.topics.insert(topic)
                byTopic[topic, default: []].insert(subscriber.id)
            }
            return text.map { enqueueLocked($0, for: subscriber) } ?? false
        }
        if dropped { subscriber.onDrop() }
    }

    /// Unsubscribes; after the acknowledgement `ack`, nothing more of the topic is sent.
    func unsubscribe(_ subscriber: Subscriber, from topic: SubscriptionTopic, ack: SocketMessage) {
        let text = encode(ack)
        let dropped = lock.withLock { () -> Bool in
            if subscriber.topics.remove(topic) != nil { removeLocked(subscriber.id, from: topic) }
            return text.map { enqueueLocked($0, for: subscriber) } ?? false
        }
        if dropped { subscriber.onDrop() }
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

    /// Sends `message` to every subscriber of its topic, all under one
    /// hold of the lock: an unsubscription's acknowledgement is never
    /// followed by an event of the topic.
    public func publish(_ message: SocketMessage) {
        guard let topic = message.subject, hasSubscribers(topic), let text = encode(message) else { return }
        let dropped = lock.withLock { () -> [Subscriber] in
            if case .transaction(let hash) = topic, let status = message.transaction?.status {
                let rank = Self.statusRank(status)
                guard rank > transactionRanks[hash] ?? -1 else { return [] }
                transactionRanks[hash] = rank
            }
            return (byTopic[topic] ?? []).compactMap { subscribers[$0] }.filter { enqueueLocked(text, for: $0) }
        }
        for subscriber in dropped { subscriber.onDrop() }
    }

    /// Sends `message` to one subscriber (an acknowledgement, an error, a current state).
    func send(_ message: SocketMessage, to subscriber: Subscriber) {
        if let text = encode(message) { enqueue(text, for: subscriber) }
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

    /// The writer took one message off `subscriber`'s queue.
    func taken(by subscriber: Subscriber) {
        lock.withLock { subscriber.queued -= 1 }
    }

    private func enqueue(_ text: ByteBuffer, for subscriber: Subscriber) {
        if lock.withLock({ enqueueLocked(text, for: subscriber) }) { subscriber.onDrop() }
    }

    /// Queues `text` (under the lock, so that messages keep the order they
    /// were queued in); true if that dropped the subscriber, its queue full.
    private func enqueueLocked(_ text: ByteBuffer, for subscriber: Subscriber) -> Bool {
        if subscriber.dropped { return false }
        guard subscriber.queued < limits.maxQueuedMessages else {
            subscriber.dropped = true
            subscriber.continuation.finish()
            return true
        }
        subscriber.queued += 1
        subscriber.continuation.yield(text)
        return false
    }

    private func encode(_ message: SocketMessage) -> ByteBuffer? {
        (try? encoder.encode(message)).map { ByteBuffer(bytes: $0) }
    }
}
