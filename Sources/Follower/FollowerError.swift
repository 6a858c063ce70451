import APIContract
import RollupTypes
import Support

/// Why a follower or a restore cannot start or go on (bad data from the
/// upstream is a ``FollowRefusal`` instead).
public enum FollowerError: Error, CustomStringConvertible {
    case missingKeyFile(String)
    case unreadableKey(path: String, detail: String)
    /// The upstream binds another key to the chain than the one pinned.
    case keyMismatch(type: BlockType, circuit: String, pinned: String, upstream: String)
    /// The upstream's GET /v1/chain is not a usable chain.
    case invalidChain(String)
    /// The data directory holds another chain than the upstream's.
    case otherChain(String)
    /// The chain proves with development keys, which the follower was not told to accept.
    case developmentKeys([BlockType])
    /// The upstream's chain has another bridge key than the one pinned.
    case otherBridge(pinned: [UInt8], upstream: [UInt8])
    case upstream(NodeClient.Failure)

    public var description: String {
        switch self {
        case .missingKeyFile(let path):
            return "no key at \(path): --vk DIR holds transfer.json, deposit.json and exit.json (snarkjs JSON) "
                + "or a ceremony's transfer.zkey, deposit.zkey and exit.zkey; without --vk, a restore reads the chain's proving keys from DATA/keys"
        case .unreadableKey(let path, let detail): return "cannot use the verifying key \(path): \(detail)"
        case .keyMismatch(let type, let circuit, let pinned, let upstream):
            return "the upstream binds a \(type.rawValue) key with hash \(upstream) to its chain, but the pinned key for circuit \(circuit) "
                + "has hash \(pinned): the upstream runs other keys or another chain shape; refusing to follow it"
        case .invalidChain(let detail): return "the upstream's chain (GET /v1/chain) cannot be used: \(detail)"
        case .otherChain(let detail): return "the data directory follows another chain than the upstream's: \(detail)"
        case .otherBridge(let pinned, let upstream):
            return "the bridge key is \(pinned.hexString), but the upstream says the chain's is \(upstream.hexString): "
                + "refusing it (the bridge's key is in no proof, and a wrong one would let its holder mint deposits)"
        case .developmentKeys(let types):
            return "the chain proves \(types.map(\.rawValue).joined(separator: ", ")) blocks with development keys (GET /v1/chain's setup): "
                + "whoever made them can forge proofs, so the follower would verify nothing; pass --allow-development-keys to follow it anyway"
        case .upstream(let failure): return "\(failure)"
        }
    }
}
