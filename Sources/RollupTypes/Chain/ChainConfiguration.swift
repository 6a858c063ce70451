import Primitives

/// What a database is created with: the chain's parameters and the
/// operator's and bridge's keys. A node refuses a database made with
/// another shape or other keys; the transfer timeout may change.
public struct ChainConfiguration: Equatable, Sendable {
    public var parameters: ChainParameters
    public var operatorKey: EdDSAPublicKey
    /// The bridge's Ed25519 public key, which signs deposits.
    public var bridgePublicKey: [UInt8]?

    public init(parameters: ChainParameters, operatorKey: EdDSAPublicKey, bridgePublicKey: [UInt8]?) {
        self.parameters = parameters
        self.operatorKey = operatorKey
        self.bridgePublicKey = bridgePublicKey
    }

    /// Whether a database made with `self` can run as `other`: the same
    /// shape and keys (the timeout aside).
    public func isCompatible(with other: ChainConfiguration) -> Bool {
        parameters.hasSameShape(as: other.parameters) && operatorKey == other.operatorKey && bridgePublicKey == other.bridgePublicKey
    }
}
