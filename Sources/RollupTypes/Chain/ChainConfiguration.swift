import Algebra
import Primitives
import Support

/// What a chain is made of, fixed at genesis: its parameters, the
/// operator's key (owner of the fee account), the bridge's key (which
/// vouches for deposits) and the salt that, with them, derives its
/// ``ChainID``. A node refuses a database made for another chain; only the
/// transfer timeout may change.
public struct ChainConfiguration: Equatable, Sendable {
    public private(set) var parameters: ChainParameters
    public let operatorKey: EdDSAPublicKey
    /// The bridge's Ed25519 public key (32 bytes), which signs deposits.
    public let bridgePublicKey: [UInt8]
    /// 32 random bytes drawn at genesis.
    public let salt: [UInt8]
    /// Derived from all of the above (``ChainID/derive(parameters:operatorKey:bridgeKey:salt:)``).
    public let genesisChainID: ChainID
    /// Where the chain settles, once its contracts are deployed on L1; nil
    /// for a chain without L1 (the bridge key's).
    public let l1Binding: L1Binding?
    /// What every signature and proof binds: the genesis chain id, bound to
    /// the L1 deployment if there is one (``ChainID/bound(_:to:)``).
    public let chainID: ChainID

    /// Why a configuration cannot describe a chain.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// A chain as recorded or published; its chain id is derived here.
    public init(parameters: ChainParameters, operatorKey: EdDSAPublicKey, bridgePublicKey: [UInt8], salt: [UInt8], l1Binding: L1Binding? = nil) throws(Invalid) {
        guard bridgePublicKey.count == 32 else { throw Invalid(reason: "the bridge's Ed25519 public key is 32 bytes, got \(bridgePublicKey.count)") }
        guard salt.count == 32 else { throw Invalid(reason: "a chain's salt is 32 bytes, got \(salt.count)") }
        self.parameters = parameters
        self.operatorKey = operatorKey
        self.bridgePublicKey = bridgePublicKey
        self.salt = salt
        self.l1Binding = l1Binding
        let genesis = ChainID.derive(parameters: parameters, operatorKey: operatorKey, bridgeKey: bridgePublicKey, salt: salt)
        genesisChainID = genesis
        chainID = l1Binding.map { ChainID.bound(genesis, to: $0) } ?? genesis
    }

    /// The same chain bound to its contracts on L1; its chain id changes.
    public func bound(to binding: L1Binding) -> ChainConfiguration {
        try! ChainConfiguration(parameters: parameters, operatorKey: operatorKey, bridgePublicKey: bridgePublicKey, salt: salt, l1Binding: binding)
    }

    /// A new chain: its salt drawn from libsodium's CSPRNG, so that every
    /// genesis gets a chain id of its own, even with the same keys.
    public static func genesis(parameters: ChainParameters, operatorKey: EdDSAPublicKey, bridgePublicKey: [UInt8]) throws(Invalid) -> ChainConfiguration {
        var random = SecureRandom()
        let salt = (0..<4).flatMap { _ in withUnsafeBytes(of: random.next()) { Array($0) } }
        return try ChainConfiguration(parameters: parameters, operatorKey: operatorKey, bridgePublicKey: bridgePublicKey, salt: salt)
    }

    /// The same chain with another transfer timeout (which fixes no circuit
    /// and is in no chain id).
    public func withFullBlockTimeout(_ timeout: Duration) throws(ChainParameters.Invalid) -> ChainConfiguration {
        var copy = self
        copy.parameters = try parameters.withFullBlockTimeout(timeout)
        return copy
    }

    /// What every signature on this chain is checked against.
    public var signingDomain: SigningDomain { SigningDomain(chainID: chainID, bridgeKey: bridgePublicKey) }

    /// Whether a database made with `self` can run as `other`: the same
    /// chain (the timeout aside).
    public func isCompatible(with other: ChainConfiguration) -> Bool {
        parameters.hasSameShape(as: other.parameters) && chainID == other.chainID
    }
}

/// What signatures on one chain are checked against: the chain id, which
/// every signed message binds, and the bridge's Ed25519 key, which vouches
/// for deposits.
public struct SigningDomain: Equatable, Sendable {
    public let chainID: ChainID
    /// 32 bytes.
    public let bridgeKey: [UInt8]

    public init(chainID: ChainID, bridgeKey: [UInt8]) {
        self.chainID = chainID
        self.bridgeKey = bridgeKey
    }
}
