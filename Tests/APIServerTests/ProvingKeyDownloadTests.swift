import APIContract
import ChildProcess
import Foundation
import Groth16
import Node
import NodeTestSupport
import Prover
import RollupTypes
import TestSupport
import Storage
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

    /// `rollup prover --keys-from URL` needs no --keys: the keys go to the
    /// documented cache, one directory per chain; without either, it says what to give.
    @Test func aProverWithoutKeysCachesThemPerChain() async throws {
        let node = try await APIFixture.node()
        let url = try await FollowerUpstream.serve(node.application(onListening:))
        let rollup = RollupBinary.path
        let neither = try ChildProcess.run(rollup, ["prover", "--db", node.configuration.resolvedDatabase.argument])
        #expect(neither.status != 0 && neither.output.contains("give --keys DIR"), "\(neither.output)")

        let cache = ScratchDirectory.path("xdg-cache").path
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CACHE_HOME"] = cache
        let process = try RollupBinary.start(
            ["prover", "--db", node.configuration.resolvedDatabase.argument, "--keys-from", url, "--name", "cached", "--threads", "1"],
            environment: environment, logName: "cached-prover")
        defer { process.stop() }
        let directory = "\(cache)/rollup/prover-keys/\(node.context.domain.chainID)"
        let fetched = try await Poll.until(every: .milliseconds(100)) {
            guard process.isRunning else { return false }
            let live = try node.context.store.proverStatus(now: UnixTime.milliseconds(), lease: 60_000, maxFailures: 3).liveProvers
            return BlockType.allCases.allSatisfy { FileManager.default.fileExists(atPath: BlockKeySet.path($0, in: directory)) }
                && live.contains { $0.name == "cached" }
        }
        #expect(fetched, "\(directory): \(process.outputTail)")
        process.stop()
        #expect(process.terminationStatus == 0, "\(process.outputTail)")
    }
}
