import Algebra
import Foundation
import Primitives
import RollupTypes
import Support

/// GET /v1/chain: what a chain is, as its database records it: its chain
/// id and the salt it was derived with, the tree depth and slots per block
/// type (which fix the circuits), the transfer timeout, the fee account's
/// owner, the bridge's key, the genesis root and the hash binding each
/// block type's verifying key to the chain. A follower reads it from its
/// upstream, derives the chain id again and checks it against the keys it
/// pinned before it trusts a block; a wallet signs with the chain id.
public struct ChainView: Codable, Sendable, Equatable {
    /// The chain id that every signed message binds, "0x" and 64 hex digits
    /// (docs/PROTOCOL.md, "The chain id").
    public var chainId: String
    /// The 32 random bytes drawn at genesis, 0x-hex.
    public var chainSalt: String
    public var treeDepth: Int
    /// Slots per block, by block type.
    public var blockSizes: [String: Int]
    public var transferBlockTimeoutMs: Int64
    /// The owner of the fee account 0, iden3-packed 0x-hex.
    public var operatorPublicKey: String
    /// The bridge's Ed25519 public key, 0x-hex.
    public var bridgePublicKey: String
    /// The root of the tree holding only the fee account, decimal.
    public var genesisRoot: String
    /// By block type: the SHA-256 that ends its verifying-key file, 64 hex digits (docs/PROTOCOL.md, "The chain and its keys").
    public var keyHashes: [String: String]
    /// By block type: "development" (a single-party setup, whose maker
    /// could forge proofs) or "ceremony".
    public var setup: [String: String]
    /// A chain that settles on L1: the L1 chain id and rollup contract
    /// that its chain id binds (docs/PROTOCOL.md, "The chain id"); absent
    /// for a chain without L1.
    public var l1Binding: L1BindingView?
    /// L1 mode: where the chain's contracts are; absent otherwise.
    public var settlement: SettlementView?

    /// The L1 chain id and rollup contract a chain is bound to.
    public struct L1BindingView: Codable, Sendable, Equatable {
        /// The L1's chain id.
        public var l1ChainId: UInt64
        /// The rollup contract's address, 0x and 40 lowercase hex digits.
        public var rollup: String

        public init(l1ChainId: UInt64, rollup: String) {
            self.l1ChainId = l1ChainId
            self.rollup = rollup
        }
    }

    /// The view of `chain` with these key hashes and setups.
    public init(_ chain: ChainConfiguration, keyHashes: [BlockType: String], setups: [BlockType: KeySetup]) {
        let parameters = chain.parameters
        chainId = chain.chainID.description
        chainSalt = "0x" + chain.salt.hexString
        treeDepth = parameters.treeDepth
        blockSizes = Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0.rawValue, parameters.slots($0)) })
        transferBlockTimeoutMs = Int64(parameters.fullBlockTimeout / .milliseconds(1))
        operatorPublicKey = "0x" + chain.operatorKey.packed.hexString
        bridgePublicKey = "0x" + chain.bridgePublicKey.hexString
        genesisRoot = parameters.genesisRoot(operatorKey: chain.operatorKey).decimalString
        self.keyHashes = Dictionary(uniqueKeysWithValues: keyHashes.map { ($0.key.rawValue, $0.value) })
        setup = Dictionary(uniqueKeysWithValues: setups.map { ($0.key.rawValue, $0.value.rawValue) })
        l1Binding = chain.l1Binding.map { L1BindingView(l1ChainId: $0.l1ChainID, rollup: $0.rollupHex) }
    }

    /// Each block type's key setup, as stated.
    public func setups() throws(Invalid) -> [BlockType: KeySetup] {
        var setups = [BlockType: KeySetup]()
        for type in BlockType.allCases {
            guard let text = setup[type.rawValue], let value = KeySetup(rawValue: text) else {
                throw .field("setup", "no \"development\" or \"ceremony\" for \(type.rawValue) blocks")
            }
            setups[type] = value
        }
        return setups
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

    /// The chain and its key hashes, each field checked, the chain id
    /// derived again from the rest and compared with the stated one.
    public func decoded() throws(Invalid) -> (configuration: ChainConfiguration, keyHashes: [BlockType: String]) {
        var sizes = [BlockType: Int]()
        for type in BlockType.allCases {
            guard let size = blockSizes[type.rawValue] else { throw .field("blockSizes", "no size for \(type.rawValue) blocks") }
            sizes[type] = size
        }
        let parameters: ChainParameters
        do {
            parameters = try ChainParameters(treeDepth: treeDepth, blockSizes: sizes, fullBlockTimeout: .milliseconds(transferBlockTimeoutMs))
        } catch {
            throw .field("parameters", error.description)
        }
        guard let packed = [UInt8](hex: operatorPublicKey), let operatorKey = try? EdDSAPublicKey(packed: packed) else {
            throw .field("operatorPublicKey", "not an iden3-packed public key")
        }
        guard let bridge = [UInt8](hex: bridgePublicKey), bridge.count == 32 else { throw .field("bridgePublicKey", "not 32 bytes of hex") }
        guard let salt = [UInt8](hex: chainSalt), salt.count == 32 else { throw .field("chainSalt", "not 32 bytes of hex") }
        var binding: L1Binding?
        if let l1Binding {
            guard l1Binding.rollup.count == 42, let address = [UInt8](prefixedHex: l1Binding.rollup), let bound = try? L1Binding(l1ChainID: l1Binding.l1ChainId, rollup: address) else {
                throw .field("l1Binding", "its rollup \(l1Binding.rollup.prefix(80)) is not 0x and 40 hex digits")
            }
            binding = bound
        }
        if let settlement, settlement.l1ChainId != binding?.l1ChainID || settlement.rollup.lowercased() != binding?.rollupHex {
            throw .field("settlement", "its contract \(settlement.rollup.prefix(80)) on L1 chain \(settlement.l1ChainId) is not the one the chain id binds")
        }
        let chain: ChainConfiguration
        do { chain = try ChainConfiguration(parameters: parameters, operatorKey: operatorKey, bridgePublicKey: bridge, salt: salt, l1Binding: binding) } catch {
            throw .field("configuration", error.description)
        }
        guard let stated = try? ChainID(hex: chainId), stated == chain.chainID else {
            let from = binding == nil ? "the genesis root, shape, keys and salt derive" : "the genesis root, shape, keys, salt and L1 binding derive"
            throw .field("chainId", "\(chainId.prefix(80)) is not the id \(chain.chainID) that \(from)")
        }
        guard genesisRoot == parameters.genesisRoot(operatorKey: operatorKey).decimalString else {
            throw .field("genesisRoot", "\(genesisRoot.prefix(80)) is not the root of a tree holding only the operator's fee account")
        }
        var hashes = [BlockType: String]()
        for type in BlockType.allCases {
            guard let hash = keyHashes[type.rawValue], hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .field("keyHashes", "no key hash of 64 lowercase hex digits for \(type.rawValue) blocks")
            }
            hashes[type] = hash
        }
        return (chain, hashes)
    }
}
