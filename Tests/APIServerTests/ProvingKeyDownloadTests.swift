import APIContract
import Foundation
import Groth16
import Node
import Prover
import RollupTypes
import ScratchSpace
import Testing

/// `rollup prover --keys-from`: a prover elsewhere fetches the node's
/// proving keys, checked against the chain's key hashes, and fetches again
/// a cached key of another chain.
struct ProvingKeyDownloadTests {
    @Test func aProverFetchesTheChainsKeysAndReplacesAStaleOne() async throws {
        let node = try await APIFixture.node()
        let url = try await FollowerUpstream.serve(node.application(onListening:))
        let directory = ScratchDirectory.path("fetched-keys").path
        let chain = node.configuration.chain
        let log = LogLines()

        let prover = try await ProvingKeyDownload.prover(store: node.context.store, chain: chain, directory: directory, node: url) { log.append($0) }
        #expect(log.lines.count == BlockType.allCases.count)
        for type in BlockType.allCases {
            #expect(prover.keyHashes[type] == node.context.chain.keyHashes[type.rawValue], "\(type.rawValue)")
            let served = try Data(contentsOf: URL(fileURLWithPath: BlockKeySet.path(type, in: node.configuration.keysDirectory)))
            #expect(try Data(contentsOf: URL(fileURLWithPath: BlockKeySet.path(type, in: directory))) == served, "\(type.rawValue)")
        }

        // A cached deposit key from another setup (another chain's) is fetched again.
        let stale = try BlockProver.developmentKey(.deposit, BlockKeySet.parameters(chain)[.deposit]!)
        try KeyFile.write(KeyFile.encode(stale), to: BlockKeySet.path(.deposit, in: directory))
        let again = try await ProvingKeyDownload.prover(store: node.context.store, chain: chain, directory: directory, node: url) { log.append($0) }
        #expect(again.keyHashes == prover.keyHashes)
        #expect(log.lines.contains { $0.contains("cached deposit key has hash") }, "\(log.lines)")

        // Unknown circuits are 404, and so is a node that cannot be reached.
        let client = try NodeClient(url)
        await #expect(throws: NodeClient.Failure.self) {
            try await client.download("v1/circuits/swap/proving-key", to: URL(fileURLWithPath: directory + "/swap.key"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/swap.key"))
    }
}

/// Lines logged from any thread.
final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = [String]()
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) { lock.withLock { stored.append(line) } }
}
