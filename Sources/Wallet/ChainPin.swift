import APIContract
import Foundation
import Groth16
import RollupTypes

/// What a wallet pins of its chain on first contact, in a file beside its
/// keystore (`alice.json` → `alice.chain.json`): the chain id, the bridge's
/// key, the hash of each block type's verifying key, and the verifying keys
/// themselves (snarkjs JSON), which exit proofs are checked with. Later, a
/// node whose chain differs in any of them is refused: a node, or a man in
/// the middle, cannot move the wallet to another chain.
struct ChainPin: Codable, Equatable {
    var chainId: String
    var bridgePublicKey: String
    /// By block type, as GET /v1/chain states them.
    var keyHashes: [String: String]
    /// By block type: the verifying key, snarkjs JSON (from `--vk DIR`, or
    /// else as the node served it when the wallet first met it).
    var verifyingKeys: [String: JSONValue]
    /// The chain's L1 contracts, pinned the first time an L1 command meets
    /// them (absent before): a node cannot later send the wallet's deposits
    /// to another contract.
    var settlement: SettlementView?

    /// The pin file of the wallet whose keystore is `keystore`.
    static func path(forKeystore keystore: String) -> String {
        keystore.hasSuffix(".json") ? String(keystore.dropLast(5)) + ".chain.json" : keystore + ".chain.json"
    }

    /// The pinned verifying key of `type`.
    func verifyingKey(_ type: BlockType) throws -> VerifyingKey {
        guard let json = verifyingKeys[type.rawValue] else { throw WalletFailure("the pinned chain has no \(type.rawValue) verifying key") }
        do { return try SnarkJSFormat.decodeVerifyingKey(Data(json.text.utf8)) } catch {
            throw WalletFailure("the pinned \(type.rawValue) verifying key is not snarkjs JSON: \(error)")
        }
    }

    /// Why `chain` (GET /v1/chain) is not the pinned chain, if it is not.
    func difference(from chain: ChainView) -> String? {
        if chain.chainId != chainId { return "it runs chain \(chain.chainId), the wallet is pinned to chain \(chainId)" }
        if chain.bridgePublicKey != bridgePublicKey { return "its bridge key is \(chain.bridgePublicKey), the pinned one \(bridgePublicKey)" }
        if chain.keyHashes != keyHashes { return "its verifying keys' hashes \(chain.keyHashes) are not the pinned \(keyHashes)" }
        if let settlement, chain.settlement != settlement {
            return "its L1 contract \(chain.settlement?.rollup ?? "(none)") on L1 chain \(chain.settlement.map { String($0.l1ChainId) } ?? "-") is not the pinned \(settlement.rollup)"
        }
        return nil
    }
}
