import Hummingbird
import HummingbirdWebSocket
import NIOCore

/// The request context of `GET /v1/ws`'s upgrade: the basic WebSocket
/// one, and the connection, which ``SubscriptionSocket`` closes itself when
/// it drops a slow reader.
public struct SocketRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}
