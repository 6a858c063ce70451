import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket

/// How long and how much a client may take: what keeps slow or hostile
/// clients from holding connections and file descriptors forever.
public struct HTTPLimits: Sendable {
    /// A connection must deliver a complete request head this soon after it
    /// opens or after the previous response ended, or it is closed (the
    /// keep-alive idle time, and the cap on trickled headers).
    public var headTimeout: Duration = .seconds(60)
    /// A request's body must be complete this soon after its head, or the
    /// node answers 408 and closes the connection.
    public var bodyTimeout: Duration = .seconds(30)
    /// Bodies above this are refused with 413: at once when Content-Length
    /// says so, before any of the body is read (a transaction is a few
    /// hundred bytes).
    public static let maxBodySize = 64 * 1024
    /// Connections open at once; a connection beyond them is answered 503
    /// (code too_many_connections) and closed at once.
    public var maxConnections = 1_024
    /// Connections open at once from one client address; one beyond is
    /// answered 429 (code too_many_connections_from_address) and closed at
    /// once. It keeps one address from holding every connection; a wallet,
    /// a follower or a prover fetching its keys needs a few.
    public var maxConnectionsPerAddress = 64
    /// A client must read a response at ``minimumReadRate`` bytes a second
    /// or faster, measured over each window of this length in which the
    /// node had bytes waiting for it from start to end; a slower reader's
    /// connection is closed, so that it cannot hold the connection (and a
    /// proving key's download) forever.
    public var readerWindow: Duration = .seconds(30)
    /// The reading floor, in bytes a second (16 KiB/s: a 500 MB proving key
    /// takes at most about 9 hours at the floor).
    public var minimumReadRate = 16 * 1024
    /// Proving-key downloads at once from one client address (429
    /// `too_many_downloads` beyond, ``AddressSlots``).
    public static let maxDownloadsPerAddress = 4

    public init() {}

    /// The HTTP/1.1 server: a ``ConnectionGate`` first on every connection,
    /// a ``ConnectionGuard`` on every HTTP connection, and the WebSocket
    /// upgrades of `subscriptions` (`GET /v1/ws`, ``SubscriptionSocket``),
    /// whose frames `limits` bounds.
    public func server(subscriptions: Router<SocketRequestContext>, limits: SubscriptionLimits) -> HTTPServerBuilder {
        let connections = ConnectionGate.OpenConnections()
        let sockets = subscriptions.buildResponder()
        let configuration = HTTP1WebSocketUpgradeChannel.Configuration(
            http1: .init(additionalChannelHandlers: [ConnectionGuard(limits: self)]),
            // A frame is refused (close 1009) past the largest message a client may send, before it is read whole.
            ws: .init(maxFrameSize: limits.maxMessageBytes, autoPing: .enabled(timePeriod: .seconds(30)), closeTimeout: .seconds(5)))
        return HTTPServerBuilder { responder in
            GatedServerChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: sockets, configuration: configuration),
                gate: { ConnectionGate(limits: self, connections: connections) })
        }
    }

    /// The server's configuration on `address`.
    public func configuration(address: BindAddress) -> ApplicationConfiguration {
        .init(address: address, serverName: "rollup")
    }
}
