import APIContract
import Algebra
import Follower
import Foundation
import Prover
import RollupTypes
import Support

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
        case noBridgeKey(directory: String)
        case twoBridgeKeys(kept: String, given: String)

        public var description: String {
            switch self {
            case .noBridgeKey(let directory):
                return "\(directory)/bridge.pub is missing: give the chain's bridge key (--bridge-pub HEX, from a source you trust), "
                    + "since it is in no proof and the upstream could name its own, which would let it mint deposits"
            case .twoBridgeKeys(let kept, let given):
                return "the directory's bridge.pub holds bridge key \(kept), --bridge-pub says \(given): give one"
            }
        }
    }

    /// Replays `upstream`'s proved blocks into `dataDirectory`, verified with
    /// the keys pinned in `pinnedKeys` (snarkjs JSON), or else with the
    /// proving keys the new operator keeps in `dataDirectory`/keys. The
    /// bridge's key is in no proof: it is `dataDirectory`/bridge.pub, or
    /// else `bridgeKey` (then written there), and the upstream's chain must
    /// have it; the bridge's signatures in the blocks are checked with it.
    public static func run(upstream: String, dataDirectory: String, pinnedKeys: String?, bridgeKey: [UInt8]?) async throws -> Report {
        let keysDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("keys").path
        let kept = try NodeSecrets.bridgeKey(inFile: dataDirectory)
        if let kept, let bridgeKey, kept != bridgeKey { throw RestoreFailure.twoBridgeKeys(kept: kept.hexString, given: bridgeKey.hexString) }
        guard let pinned = kept ?? bridgeKey else { throw RestoreFailure.noBridgeKey(directory: dataDirectory) }
        // The new operator continues the chain with the chain's own keys, development keys included.
        let follower = try await Follower.open(upstream: upstream, dataDirectory: dataDirectory, allowDevelopmentKeys: true, bridgeKey: pinned) { chain in
            if let pinnedKeys {
                return try ChainKeys.pinned(in: pinnedKeys, chain: chain, cache: URL(fileURLWithPath: dataDirectory).appendingPathComponent("circuits").path)
            }
            let prover = try BlockKeySet.load(BlockKeySet.parameters(chain), from: keysDirectory)
            return ChainKeys(keys: prover.verifyingKeys, descriptions: prover.circuits)
        }
        let block = try await follower.catchUp()
        if kept == nil { try NodeSecrets.writePublicBridgeKey(pinned, in: dataDirectory) }
        let head = try follower.tree.head()
        return Report(block: block, root: head.root, accounts: try follower.store.verifiedAccounts().count, upstreamHead: follower.state.upstreamHead)
    }
}
