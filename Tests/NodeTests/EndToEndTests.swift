import Algebra
import APIContract
import APIServer
import Foundation
import Groth16
import Hummingbird
import HummingbirdTesting
import NodeTestSupport
import Primitives
import RollupTypes
import StorageTesting
import Support
import Testing
import TestSupport

/// The whole node over real HTTP with two in-process provers and small
/// circuits: deposits, transfers and an exit go through, every block gets
/// proved and verified, the verified balances are right, and an outsider
/// can check every proof from what the API serves.
struct EndToEndTests {
    typealias Fixture = APIFixture

    @Test(arguments: TestDatabase.available) func depositTransfersExitAllVerified(_ backend: TestDatabase) async throws {
        let node = try await Fixture.node(provers: 2, on: backend)
        try await node.application().test(.live) { client in
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.alice, 1_000, sequence: 1, node: node)) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/v1/deposits", method: .post, body: Fixture.deposit(Fixture.bob, 50, sequence: 2, node: node)) { response in
                #expect(response.status == .accepted)
            }
            var hashes = [String]()
            // Wait for the deposit block, then transfer and exit.
            #expect(try await Fixture.waitFor(client) { status in status.lastCommittedBlock >= 1 })
            for body in [
                Fixture.transfer(1, 2, 300, fee: 2, nonce: 0, key: Fixture.alice, node: node),
                Fixture.transfer(2, 1, 20, fee: 0, nonce: 0, key: Fixture.bob, node: node),
                Fixture.transfer(1, 2, 100, fee: 1, nonce: 1, key: Fixture.alice, node: node),
                Fixture.exit(2, 200, fee: 3, nonce: 1, address: [UInt8](repeating: 0xAB, count: 20), key: Fixture.bob, node: node),
            ] {
                try await client.execute(uri: "/v1/transactions", method: .post, body: Fixture.body(body)) { response in
                    #expect(response.status == .accepted, "\(String(buffer: response.body))")
                    hashes.append(try Fixture.answer(AcceptedView.self, response).hash)
                }
            }
            // Every transaction verified.
            var unverified = hashes
            _ = try await Poll.until(timeout: .seconds(300), every: .milliseconds(200)) {
                var still = [String]()
                for hash in unverified {
                    let status = try await client.execute(uri: "/v1/transactions/\(hash)", method: .get) { try Fixture.answer(TransactionView.self, $0).status }
                    if status != "verified" { still.append(hash) }
                }
                unverified = still
                return unverified.isEmpty
            }
            #expect(unverified.isEmpty)
            // Alice: 1,000 − 300 − 2 + 20 − 100 − 1 = 617. Bob: 50 + 300 − 20 + 100 − 200 − 3 = 227. Fees: 2 + 1 + 3 = 6.
            for (id, balance) in [(1, "617"), (2, "227"), (0, "6")] {
                try await client.execute(uri: "/v1/accounts/\(id)", method: .get) { response in
                    let account = try Fixture.answer(AccountView.self, response)
                    #expect(account.verified?.balance == balance, "account \(id)")
                }
            }
            try await client.execute(uri: "/v1/blocks/2/proof", method: .get) { response in
                let proof = try SnarkJSFormat.decodeProof(Data(response.body.readableBytesView))
                #expect(!proof.a.isInfinity && !proof.c.isInfinity)
            }
            let blocks = try await client.execute(uri: "/v1/blocks?limit=10", method: .get) { response in
                try Fixture.answer(BlockPage.self, response).blocks
            }
            #expect(blocks.count >= 2)
            #expect(blocks.allSatisfy { $0.status == "verified" && $0.proof != nil })
            for block in blocks {
                try await Self.expectVerifiableFromOutside(block, client)
            }
            // Bob's exit proof holds under the last verified block's root.
            let proof = try await client.execute(uri: "/v1/accounts/2/exit-proof", method: .get) { try Fixture.answer(ExitProofView.self, $0) }
            try proof.check()
            let last = try #require(blocks.map(\.number).max())
            #expect(proof.balance == "227" && proof.block == last && proof.root == blocks.first { $0.number == last }?.newRoot)
            // The in-process provers' proofs are in the proof-time histogram and counted as proved.
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            let proved = metrics.split(separator: "\n").first { $0.hasPrefix("rollup_proofs_total{outcome=\"proved\"} ") }
            let timed = metrics.split(separator: "\n").first { $0.hasPrefix("rollup_proof_seconds_count ") }
            let count = { (line: Substring?) in (line?.split(separator: " ").last).flatMap { Int($0) } ?? 0 }
            #expect(count(proved) >= blocks.count && count(timed) == count(proved), "\(metrics)")
        }
    }

    /// docs/PROTOCOL.md's check, from the API's answers alone: the block's
    /// proof verifies under its type's verification key with the public
    /// inputs (old root, new root, commitment, chain id from GET /v1/chain),
    /// and not with the roots swapped or another chain id.
    static func expectVerifiableFromOutside(_ block: BlockView, _ client: some TestClientProtocol) async throws {
        let key = try await client.execute(uri: "/v1/circuits/\(block.type)/verification-key", method: .get) { response in
            try SnarkJSFormat.decodeVerifyingKey(Data(response.body.readableBytesView))
        }
        let proof = try SnarkJSFormat.decodeProof(Data(try #require(block.proof).text.utf8))
        let chain = try await client.execute(uri: "/v1/chain", method: .get) { try Fixture.answer(ChainView.self, $0) }
        let chainID = try ChainID(hex: chain.chainId)
        let inputs = try [block.oldRoot, block.newRoot, block.commitment].map { try Fr(decimal: $0) } + [chainID.element]
        let prepared = PreparedVerifyingKey(key)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: prepared), "block \(block.number)")
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[1], inputs[0], inputs[2], inputs[3]], key: prepared), "block \(block.number)")
        #expect(try !Groth16Verifier.verify(proof, inputs: Array(inputs[0..<3]) + [inputs[3] + .one], key: prepared), "block \(block.number)")
    }
}
