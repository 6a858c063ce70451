/// The bounds of `GET /v1/ws` (docs/PROTOCOL.md, "Subscriptions").
public struct SubscriptionLimits: Sendable, Equatable {
    /// Messages queued for a connection and not yet sent; one more drops it
    /// (closed with ``slowCloseCode``).
    public var maxQueuedMessages = 1_024
    /// What those messages may cost the node in memory, counted as their
    /// bytes plus ``queuedMessageOverhead`` each; a message past it drops
    /// the connection too. With the connection cap it bounds what clients
    /// that send requests and never read their answers can make the node hold.
    public var maxQueuedBytes = 128 * 1_024
    /// What a queued message costs beside its bytes (its frame, promise and
    /// place in the channel's queue), for ``maxQueuedBytes``.
    public static let queuedMessageOverhead = 256
    /// Sockets one client address may hold open at once; one more is
    /// closed at once with ``crowdedCloseCode``. With the connection cap, it
    /// keeps one address from holding every connection of the node.
    public var maxSocketsPerAddress = 32
    /// A socket that holds no subscription this long after it last
    /// subscribed (or opened) is closed with ``idleCloseCode``: answering
    /// pings, or sending refused requests, holds no connection.
    public var idleTimeout: Duration = .seconds(60)
    /// Topics one connection may subscribe to at once (`too_many_subscriptions` beyond).
    public var maxSubscriptionsPerConnection = 64
    /// The largest message a client may send, in bytes.
    public var maxMessageBytes = 1_024
    /// Requests one connection may send in a burst; beyond it they are
    /// read at ``requestsPerSecond``.
    public var requestBurst = 64
    /// Requests one connection has served per second after its burst.
    public var requestsPerSecond = 32
    /// How often the watcher looks for new blocks in storage (and publishes
    /// transaction and account events).
    public var pollInterval: Duration = .milliseconds(20)
    /// How often at most a `blocks` event goes out: one carries the blocks
    /// stored since the last, so that a fast chain costs each subscriber a
    /// few messages a second.
    public var blocksInterval: Duration = .milliseconds(500)

    /// The close code of a connection dropped for reading too slowly.
    public static let slowCloseCode: UInt16 = 4008
    /// The close code of a connection closed for holding no subscription (``idleTimeout``).
    public static let idleCloseCode: UInt16 = 4000
    /// The close code of a socket beyond ``maxSocketsPerAddress``.
    public static let crowdedCloseCode: UInt16 = 4029

    public init() {}
}
