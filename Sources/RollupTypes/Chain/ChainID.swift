import Algebra
import Primitives
import Support

/// A chain's identity, fixed at genesis: SHA-256 over the genesis root, the
/// chain's shape, the operator's and bridge's keys and a random salt, its
/// top three bits cleared so that it is a field element; for a chain that
/// settles on L1, that genesis id bound to the L1 chain id and the rollup
/// contract's address (``bound(_:to:)``). Every signed
/// message binds it (docs/PROTOCOL.md, "The chain id"): a transfer or exit
/// signed for one chain, or a deposit the bridge signed for it, is valid
/// on no other, and each block's proof takes it as its fourth public input.
public struct ChainID: Hashable, Sendable, CustomStringConvertible {
    /// 32 bytes, big-endian, below 2^253.
    public let bytes: [UInt8]
    /// The same number as a field element.
    public let element: Fr

    /// Why bytes are not a chain id.
    public struct Invalid: Error, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { "not a chain id: \(reason)" }
    }

    /// A chain id from its 32 bytes, which must be below 2^253.
    public init(bytes: [UInt8]) throws(Invalid) {
        guard bytes.count == 32 else { throw Invalid(reason: "a chain id is 32 bytes, got \(bytes.count)") }
        guard bytes[0] & 0xE0 == 0 else { throw Invalid(reason: "a chain id is below 2^253 (its top three bits are 0)") }
        self.bytes = bytes
        element = try! Fr(bigEndianBytes: bytes)
    }

    /// A chain id as "0x" and 64 hex digits (`GET /v1/chain`'s `chainId`).
    public init(hex text: String) throws(Invalid) {
        guard let bytes = [UInt8](hex: text) else { throw Invalid(reason: "\(text.prefix(80)) is not hex") }
        try self.init(bytes: bytes)
    }

    /// "0x" and 64 lowercase hex digits.
    public var description: String { "0x" + bytes.hexString }

    /// The chain id of a genesis: SHA-256(genesis root (32) ‖ tree depth (1)
    /// ‖ for each block type, in registry order, its name's length (1), its
    /// name (UTF-8) and its slots (1) ‖ operator key, packed (32) ‖ bridge
    /// key (32) ‖ salt (32)), top three bits cleared.
    public static func derive(parameters: ChainParameters, operatorKey: EdDSAPublicKey, bridgeKey: [UInt8], salt: [UInt8]) -> ChainID {
        var preimage = parameters.genesisRoot(operatorKey: operatorKey).bigEndianBytes
        preimage.append(UInt8(parameters.treeDepth))
        for type in BlockType.allCases {
            let name = Array(type.rawValue.utf8)
            preimage += [UInt8(name.count)] + name + [UInt8(parameters.slots(type))]
        }
        preimage += operatorKey.packed + bridgeKey + salt
        return fieldDigest(preimage)
    }

    /// The chain id of a chain whose contracts are deployed: SHA-256(genesis
    /// chain id (32) ‖ L1 chain id (32, big-endian) ‖ rollup contract's
    /// address (20)), top three bits cleared, as the rollup contract's
    /// constructor computes its CHAIN_ID.
    public static func bound(_ genesis: ChainID, to binding: L1Binding) -> ChainID {
        var l1ChainID = [UInt8](repeating: 0, count: 24)
        withUnsafeBytes(of: binding.l1ChainID.bigEndian) { l1ChainID += $0 }
        return fieldDigest(genesis.bytes + l1ChainID + binding.rollup)
    }

    private static func fieldDigest(_ preimage: [UInt8]) -> ChainID {
        var digest = SHA256.hash(preimage)
        digest[0] &= 0x1F
        return try! ChainID(bytes: digest)
    }
}
