import Algebra
import Foundation
import Primitives
import RollupTypes

/// GET /v1/chain: what a chain is, as its database records it: the tree
/// depth and slots per block type (which fix the circuits), the transfer
/// timeout, the fee account's owner, the bridge's key, the genesis root and
/// the hash binding each block type's verifying key to the chain. A
/// follower reads it from its upstream and checks it against the keys it
/// pinned before it trusts a block.
public struct ChainView: Codable, Sendable, Equatable {
    public var treeDepth: Int
    /// Slots per block, by block type.
    public var blockSizes: [String: Int]
    public var transferBlockTimeoutMs: Int64
    /// The owner of the fee account 0, iden3-packed 0x-hex.
    public var operatorPublicKey: String
    /// The bridge's Ed25519 public key, 0x-hex.
    public var bridgePublicKey: String?
    /// The root of the tree holding only the fee account, decimal.
    public var genesisRoot: String
    /// By block type: the SHA-256 that ends its verifying-key file, 64 hex digits (docs/PROTOCOL.md, "The chain and its keys").
    public var keyHashes: [String: String]

    public init(
        treeDepth: Int, blockSizes: [String: Int], transferBlockTimeoutMs: Int64, operatorPublicKey: String, bridgePublicKey: String?,
        genesisRoot: String, keyHashes: [String: String]
    ) {
        self.treeDepth = treeDepth
        self.blockSizes = blockSizes
        self.transferBlockTimeoutMs = transferBlockTimeoutMs
        self.operatorPublicKey = operatorPublicKey
        self.bridgePublicKey = bridgePublicKey
        self.genesisRoot = genesisRoot
        self.keyHashes = keyHashes
    }

    /// The view of a chain with these parameters, keys and key hashes.
    public init(parameters: ChainParameters, operatorKey: EdDSAPublicKey, bridgePublicKey: [UInt8]?, keyHashes: [BlockType: String]) {
        self.init(
            treeDepth: parameters.treeDepth,
            blockSizes: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0.rawValue, parameters.slots($0)) }),
            transferBlockTimeoutMs: Int64(parameters.transferBlockTimeout / .milliseconds(1)),
            operatorPublicKey: "0x" + operatorKey.packed.hexString, bridgePublicKey: bridgePublicKey.map { "0x" + $0.hexString },
            genesisRoot: Self.genesisRoot(depth: parameters.treeDepth, operatorKey: operatorKey).decimalString,
            keyHashes: Dictionary(uniqueKeysWithValues: keyHashes.map { ($0.key.rawValue, $0.value) }))
    }

    /// The root of a chain's first state: only the fee account, owned by the operator.
    public static func genesisRoot(depth: Int, operatorKey: EdDSAPublicKey) -> Fr {
        var tree = AccountTree(depth: depth)
        try! tree.set(AccountID.feeAccount, Account(publicKey: operatorKey))
        return tree.root
    }

    /// Why a chain view cannot be used.
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case field(String, String)

        public var description: String {
            switch self {
            case .field(let name, let detail): return "the chain's \(name) is invalid: \(detail)"
            }
        }
    }

    /// The chain's parameters, keys and key hashes, each checked.
    public func decoded() throws(Invalid) -> (configuration: ChainConfiguration, keyHashes: [BlockType: String]) {
        var sizes = [BlockType: Int]()
        for type in BlockType.allCases {
            guard let size = blockSizes[type.rawValue] else { throw .field("blockSizes", "no size for \(type.rawValue) blocks") }
            sizes[type] = size
        }
        let parameters: ChainParameters
        do {
            parameters = try ChainParameters(treeDepth: treeDepth, blockSizes: sizes, transferBlockTimeout: .milliseconds(transferBlockTimeoutMs))
        } catch {
            throw .field("parameters", error.description)
        }
        guard let packed = [UInt8](hex: operatorPublicKey), let operatorKey = try? EdDSAPublicKey(packed: packed) else {
            throw .field("operatorPublicKey", "not an iden3-packed public key")
        }
        var bridge: [UInt8]?
        if let bridgePublicKey {
            guard let bytes = [UInt8](hex: bridgePublicKey), bytes.count == 32 else { throw .field("bridgePublicKey", "not 32 bytes of hex") }
            bridge = bytes
        }
        var hashes = [BlockType: String]()
        for type in BlockType.allCases {
            guard let hash = keyHashes[type.rawValue], hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .field("keyHashes", "no key hash of 64 lowercase hex digits for \(type.rawValue) blocks")
            }
            hashes[type] = hash
        }
        return (ChainConfiguration(parameters: parameters, operatorKey: operatorKey, bridgePublicKey: bridge), hashes)
    }
}
