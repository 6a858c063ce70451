import APIContract
import Algebra
import Ceremony
import ChildProcess
import Follower
import Foundation
import Groth16
import Node
import NodeTestSupport
import Prover
import RollupTypes
import TestSupport
import Testing

/// A node on a ceremony's keys: `rollup node --keys DIR` with snarkjs
/// zkeys (here `rollup setup --zkey`'s) proves every block type with them,
/// serves their verifying keys and the zkeys themselves, and a prover
/// elsewhere fetches them (`rollup prover --keys-from`) as zkeys.
struct ZkeyNodeTests {
    typealias Fixture = APIFixture

    @Test func aNodeProvesWithZkeysAndServesThem() async throws {
        let keys = ScratchDirectory.path("node-zkeys").path
        var configuration = Fixture.configuration(provers: 1)
        configuration.keysPath = keys
        let made = try BlockKeySet.generateMissing(BlockKeySet.parameters(configuration.chain), in: keys, format: .zkey)
        #expect(made == BlockType.allCases)
        let node = try await RollupNode.open(configuration)
        // The node made no development key beside the zkeys, and runs on theirs.
        #expect(try FileManager.default.contentsOfDirectory(atPath: keys).sorted() == ["deposit.zkey", "exit.zkey", "transfer.zkey"])
        var zkeys = [BlockType: [UInt8]]()
        for type in BlockType.allCases {
            zkeys[type] = try KeyFile.read(BlockKeySet.path(type, .zkey, in: keys))
            #expect(node.context.verifyingKeys[type] == (try SnarkJSZkey(bytes: try #require(zkeys[type]))).verifyingKey, "\(type.rawValue)")
        }

        let url = try await FollowerUpstream.serve(node.application(onListening:))
        let client = try NodeClient(url)
        let bridge = try #require(node.bridgeKey)
        for (sequence, (key, amount)) in [(Fixture.alice, UInt128(1_000)), (Fixture.bob, 50)].enumerated() {
            let _: AcceptedView = try await client.post("v1/deposits", APIFixture.depositRequest(key, amount, sequence: UInt64(sequence + 1), node: node, signer: bridge))
        }
        try await FollowerUpstream.waitUntil(client) { $0.lastCommittedBlock >= 1 }
        let _: AcceptedView = try await client.post("v1/transactions", Fixture.transfer(1, 2, 300, fee: 2, nonce: 0, key: Fixture.alice, node: node))
        try await FollowerUpstream.waitUntil(client) { $0.lastCommittedBlock >= 2 }
        let exit = Fixture.exit(2, 200, fee: 3, nonce: 0, address: [UInt8](repeating: 0xAB, count: 20), key: Fixture.bob, node: node)
        let _: AcceptedView = try await client.post("v1/transactions", exit)
        try await FollowerUpstream.waitUntil(client) { $0.lastVerifiedBlock >= 3 && $0.lastVerifiedBlock == $0.lastCommittedBlock }

        // Every block type was proved with its zkey, and verifies from outside.
        let blocks: BlockPage = try await client.get("v1/blocks", query: ["limit": "100"])
        #expect(Set(blocks.blocks.map(\.type)) == Set(BlockType.allCases.map(\.rawValue)))
        for block in blocks.blocks {
            #expect(block.status == "verified", "block \(block.number)")
            let type = try #require(BlockType(rawValue: block.type))
            let key = try #require(node.context.verifyingKeys[type])
            let proof = try SnarkJSFormat.decodeProof(Data(try #require(block.proof).text.utf8))
            let inputs = try [block.oldRoot, block.newRoot, block.commitment].map { try Fr(decimal: $0) } + [node.context.domain.chainID.element]
            #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(key)), "block \(block.number)")
        }

        // A prover elsewhere fetches the zkeys byte for byte, as TYPE.zkey.
        let cache = ScratchDirectory.path("fetched-zkeys").path
        let log = LogLines()
        let prover = try await ProvingKeyDownload.prover(store: node.context.store, chain: configuration.chain, directory: cache, node: url) { log.append($0) }
        #expect(log.lines.count == BlockType.allCases.count)
        for type in BlockType.allCases {
            #expect(try KeyFile.read(BlockKeySet.path(type, .zkey, in: cache)) == zkeys[type], "\(type.rawValue)")
            #expect(prover.keyHashes[type] == node.context.chain.keyHashes[type.rawValue], "\(type.rawValue)")
        }
        // A cached development key of another chain is replaced by the zkey.
        try FileManager.default.removeItem(atPath: BlockKeySet.path(.deposit, .zkey, in: cache))
        let stale = try BlockProver.developmentKey(.deposit, BlockKeySet.parameters(configuration.chain)[.deposit]!)
        try KeyFile.write(KeyFile.encode(stale), to: BlockKeySet.path(.deposit, in: cache))
        let again = try await ProvingKeyDownload.prover(store: node.context.store, chain: configuration.chain, directory: cache, node: url) { log.append($0) }
        #expect(again.keyHashes == prover.keyHashes)
        #expect(!FileManager.default.fileExists(atPath: BlockKeySet.path(.deposit, in: cache)))
        #expect(try KeyFile.read(BlockKeySet.path(.deposit, .zkey, in: cache)) == zkeys[.deposit])
    }

    /// A zkey straight from `ceremony new` (γ = δ = the generator, no
    /// contribution) lets anyone holding one proof forge others: the node,
    /// a prover and a follower each refuse it, naming the check.
    @Test func aZkeyWithoutContributionIsRefusedEverywhere() async throws {
        let keys = ScratchDirectory.path("unsound-zkeys").path
        var configuration = Fixture.configuration(provers: 0)
        configuration.keysPath = keys
        let parameters = BlockKeySet.parameters(configuration.chain)
        try BlockKeySet.generateMissing(parameters, in: keys, format: .zkey)
        let path = BlockKeySet.path(.transfer, .zkey, in: keys)
        var zkey = try SnarkJSZkey(bytes: try KeyFile.read(path))
        zkey.delta1 = .generator
        zkey.verifyingKey.delta = zkey.verifyingKey.gamma
        zkey.contributions = PhaseTwoParameters(circuitHash: try PhaseTwoParameters(zkey: zkey).circuitHash, contributions: []).encoded
        try KeyFile.write(zkey.encoded, to: path)
        let check = "its [δ]₂ equals its [γ]₂"

        await #expect(performing: { _ = try await RollupNode.open(configuration) }, throws: { "\($0)".contains(check) && "\($0)".contains("transfer.zkey") })
        let chain = try await Fixture.node()  // a chain for the prover to take
        let rollup = RollupBinary.path
        let prover = try ChildProcess.run(rollup, ["prover", "--db", chain.configuration.resolvedDatabase.argument, "--keys", keys])
        #expect(prover.status != 0 && prover.output.contains(check), "\(prover.output)")
        #expect(performing: {
            try ChainKeys.pinned(in: keys, chain: configuration.chain, cache: ScratchDirectory.path("unsound-cache").path)
        }, throws: { "\($0)".contains(check) })
    }
}
