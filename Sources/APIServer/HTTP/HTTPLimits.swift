import Hummingbird
import HummingbirdCore

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

    public init() {}

    /// The HTTP/1.1 server with a ``ConnectionGuard`` on every connection.
    public var server: HTTPServerBuilder {
        let connections = ConnectionGuard.OpenConnections()
        return .http1(configuration: .init(additionalChannelHandlers: [ConnectionGuard(limits: self, connections: connections)]))
    }

    /// The server's configuration on `address`.
    public func configuration(address: BindAddress) -> ApplicationConfiguration {
        .init(address: address, serverName: "rollup")
    }
}
