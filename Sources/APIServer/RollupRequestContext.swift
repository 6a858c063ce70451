import Hummingbird
import NIOCore

/// The request context of the API: the basic one, with request bodies
/// capped at 64 KiB (a transaction is a few hundred bytes; larger bodies
/// are refused with 413) and decoded by ``CanonicalJSONDecoder``, and the
/// client's address (for per-address limits).
public struct RollupRequestContext: RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    public var remoteAddress: SocketAddress? { channel.remoteAddress }

    public var maxUploadSize: Int { HTTPLimits.maxBodySize }

    public var requestDecoder: CanonicalJSONDecoder { CanonicalJSONDecoder() }
}
