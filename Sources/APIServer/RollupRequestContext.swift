import Hummingbird

/// The request context of the API: the basic one, with request bodies
/// capped at 64 KiB (a transaction is a few hundred bytes; larger bodies
/// are refused with 413) and decoded by ``CanonicalJSONDecoder``.
public struct RollupRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: Source) {
        coreContext = .init(source: source)
    }

    public var maxUploadSize: Int { HTTPLimits.maxBodySize }

    public var requestDecoder: CanonicalJSONDecoder { CanonicalJSONDecoder() }
}
