import APIContract
import Algebra
import Follower
import Foundation
import Prover
import RollupTypes

/// `rollup restore`: the follower's replay into a data directory that
/// `rollup node` then runs as operator. Everything proved is kept; what the
/// old operator had not proved (pending transactions, unproved blocks) is
/// not published, so it is lost by definition.
public enum ChainRestore {
    /// What a restore brought back.
    public struct Report: Sendable {
        /// The last block restored (0: only the genesis state).
        public let block: UInt32
        public let root: Fr
        public let accounts: Int
        /// The highest block the upstream listed, proved or not.
        public let upstreamHead: UInt32?
    }

    /// Why a restore refuses to go on.
    public enum RestoreFailure: Error, CustomStringConvertible {
        case otherBridge(kept: String, upstream: String)

        public var description: String {
            switch self {
            case .otherBridge(let kept, let upstream):
                return "the directory's bridge.pub holds bridge key \(kept), but the upstream says the chain's is \(upstream): "
                    + "refusing to restore (a wrong bridge key would let its holder mint deposits)"
            }
        }
    }

    /// Replays `upstream`'s proved blocks into `dataDirectory`, verified with
    /// the keys pinned in `pinnedKeys` (snarkjs JSON), or else with the
    /// proving keys the new operator keeps in `dataDirectory`/keys. The
    /// bridge's key is in no proof: a bridge.pub already in the directory
    /// must match the upstream's; without one, the upstream's is written,
    /// and the node checks deposits with it.
    public static func run(upstream: String, dataDirectory: String, pinnedKeys: String?) async throws -> Report {
        let keysDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys").path
        let follower = try await Follower.open(upstream: upstream, dataDirectory: dataDirectory) { chain in
            if let pinnedKeys {
                return try ChainKeys.pinned(in: pinnedKeys, chain: chain, cache: URL(fileURLWithPath: dataDirectory).appendingPathComponent("circuits").path)
            }
            let prover = try BlockKeySet.load(BlockKeySet.parameters(chain), from: keysDirectory)
            return ChainKeys(keys: prover.verifyingKeys, descriptions: prover.circuits)
        }
        // The bridge's key is not in any proof: a bridge.pub the new operator
        // put in the directory must be the chain's; otherwise the upstream's is written.
        let published = try NodeSecrets.bridgeKey(inFile: dataDirectory)
        if let published, published != follower.chain.bridgePublicKey {
            throw RestoreFailure.otherBridge(kept: published.hexString, upstream: follower.chain.bridgePublicKey.hexString)
        }
        let block = try await follower.catchUp()
        if published == nil { try NodeSecrets.writePublicBridgeKey(follower.chain.bridgePublicKey, in: dataDirectory) }
        let head = try follower.tree.head()
        return Report(block: block, root: head.root, accounts: try follower.store.verifiedAccounts().count, upstreamHead: follower.state.upstreamHead)
    }
}
