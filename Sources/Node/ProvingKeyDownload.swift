import APIContract
import Foundation
import Prover
import RollupTypes
import Storage

/// Proving keys for a prover on another machine: fetched from the node
/// (GET /v1/circuits/{type}/proving-key) into the prover's key directory,
/// which caches them (TYPE.key or TYPE.zkey, as the node keeps them), and
/// checked against the key hashes that the database binds to its chain. A
/// cached key with another hash (from an earlier chain) is fetched again.
/// Nothing is written to the database: a prover's role may not.
public enum ProvingKeyDownload {
    /// The prover for `store`'s chain with the keys in `directory`, the
    /// missing or stale ones fetched from `node` first; `log` tells what
    /// was fetched.
    public static func prover(
        store: RollupStore, chain: ChainParameters, directory: String, node: String, log: (String) -> Void
    ) async throws -> BlockProver {
        let client = try NodeClient(node)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for type in BlockType.allCases where try BlockKeySet.existing(type, in: directory) == nil {
            try await fetch(type, from: client, into: directory, log: log)
        }
        var refetched = Set<BlockType>()
        while true {
            let prover = try BlockKeySet.load(BlockKeySet.parameters(chain), from: directory)
            do {
                try store.checkKeys(prover.keyHashes)
                return prover
            } catch StorageError.keyMismatch(let type, let bound, let offered) where !refetched.contains(type) {
                log("the cached \(type.rawValue) key has hash \(offered), the chain's is \(bound): fetching it again")
                refetched.insert(type)
                try await fetch(type, from: client, into: directory, log: log)
            }
        }
    }

    /// Downloads `type`'s key next to its place, then renames it into place
    /// (atomically) as TYPE.key or TYPE.zkey, by its first bytes; a cached
    /// file of the other format is removed first.
    private static func fetch(_ type: BlockType, from client: NodeClient, into directory: String, log: (String) -> Void) async throws {
        let partial = URL(fileURLWithPath: directory).appendingPathComponent("\(type.rawValue).partial")
        log("fetching the \(type.rawValue) proving key from \(client.base.absoluteString)")
        try await client.download("v1/circuits/\(type.rawValue)/proving-key", to: partial)
        let handle = try FileHandle(forReadingFrom: partial)
        let prefix = [UInt8](try handle.read(upToCount: 8) ?? Data())
        try handle.close()
        guard let format = BlockKeySet.Format.of(prefix: prefix) else {
            try? FileManager.default.removeItem(at: partial)
            throw NodeClient.Failure.malformed(
                path: "v1/circuits/\(type.rawValue)/proving-key", type: "proving key file", detail: "it is neither a rollup key file nor a zkey")
        }
        for other in BlockKeySet.Format.allCases where other != format {
            try? FileManager.default.removeItem(atPath: BlockKeySet.path(type, other, in: directory))
        }
        let target = BlockKeySet.path(type, format, in: directory)
        guard rename(partial.path, target) == 0 else {
            throw NodeClient.Failure.cannotWrite(target, String(cString: strerror(errno)))
        }
    }
}
