import Support

/// Where a chain settles once its contracts are deployed on L1: the L1's
/// chain id and the rollup contract's address. From then on they are part
/// of the chain id (``ChainID/bound(_:to:)``), so that what users sign is
/// valid at that one deployment and no other (docs/PROTOCOL.md, "The chain
/// id").
public struct L1Binding: Equatable, Sendable {
    /// The L1's chain id (eth_chainId).
    public let l1ChainID: UInt64
    /// The rollup contract's address, 20 bytes.
    public let rollup: [UInt8]

    /// Why values are not an L1 binding.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    public init(l1ChainID: UInt64, rollup: [UInt8]) throws(Invalid) {
        guard rollup.count == 20 else { throw Invalid(reason: "a contract's address is 20 bytes, got \(rollup.count)") }
        self.l1ChainID = l1ChainID
        self.rollup = rollup
    }

    /// The address as "0x" and 40 lowercase hex digits.
    public var rollupHex: String { "0x" + rollup.hexString }
}
