import Algebra
import Circuits
import Groth16
import Primitives
import Prover
import RollupTypes
import StateKeeper
import Testing

/// Sealed blocks proved with one call and checked by the verifier: honest
/// proofs verify against their public inputs (old root, new root,
/// commitment, chain id) and no others.
struct BlockProofTests {
    typealias Fixture = BlockFixture

    static func verify(_ proof: Proof, _ inputs: [Fr], _ key: ProvingKey) throws -> Bool {
        try Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(key.verifyingKey))
    }

    /// The block's public inputs with the one at `index` changed.
    static func changed(_ block: SealedBlock, at index: Int) -> [Fr] {
        var inputs = block.publicInputs
        inputs[index] += .one
        return inputs
    }

    @Test func smallBlocksOfEveryTypeProveAndVerify() async throws {
        let keeper = try Fixture.keeper()
        let transfers = try await Fixture.transferBlock(keeper, [
            try Fixture.transfer(1, 2, 100, nonce: 3, key: Fixture.alice), try Fixture.transfer(2, 1, 30, nonce: 0, key: Fixture.bob),
        ])
        let deposits = try await Fixture.tickBlock(keeper, [
            .deposit(Deposit(account: nil, publicKey: EdDSAPrivateKey.generate().publicKey, amount: 9, bridgeSequence: 1).signed(by: Fixture.bridge, chain: Fixture.chainID)),
        ])
        let exit = try Exit(account: try AccountID(1), amount: 50, fee: try PackedFee(packing: 1), nonce: 4, l1Address: [UInt8](repeating: 7, count: 20))
        let exits = try await Fixture.tickBlock(keeper, [.exit(exit.signed(with: Fixture.alice, chain: Fixture.chainID))])

        var keys = [BlockType: ProvingKey]()
        for type in BlockType.allCases { keys[type] = try BlockProver.developmentKey(type, Fixture.parameters) }
        let prover = try BlockProver(keys: keys, parameters: Fixture.parameters)
        for block in [transfers, deposits, exits] {
            let proof = try prover.prove(block)
            let key = keys[block.type]!
            #expect(try Self.verify(proof, block.publicInputs, key), "\(block.type)")
            for index in block.publicInputs.indices {
                #expect(try !Self.verify(proof, Self.changed(block, at: index), key), "\(block.type) input \(index)")
            }
            #expect(try !Self.verify(proof, (deposits == block ? transfers : deposits).publicInputs, key))
        }
    }

    @Test func keysForOtherParametersAreRefused() throws {
        let key = try BlockProver.developmentKey(.deposit, BlockCircuitParameters(treeDepth: 2, capacity: 1))
        #expect(throws: BlockProver.Failure.keyForAnotherCircuit(type: .deposit, expected: "deposit-v3-d4-c2", found: "deposit-v3-d2-c1")) {
            try BlockProver(keys: [.deposit: key], parameters: Fixture.parameters)
        }
    }

    /// The one full-size proof: depth 24, 8 slots, 1 real transfer and 7 padding slots.
    @Test func fullSizeTransferBlockWithPaddingProves() async throws {
        let chain = try Fixture.chain(try ChainParameters.production.withFullBlockTimeout(.seconds(1)))
        let configuration = StateKeeperConfiguration(chain)
        let tree = try AccountTree(depth: 24, accounts: [
            (AccountID.feeAccount, Account(publicKey: Fixture.operatorKey.publicKey)),
            (try AccountID(1), Account(publicKey: Fixture.alice.publicKey, balance: 1_000, nonce: 3)),
            (try AccountID(2), Account(publicKey: Fixture.bob.publicKey)),
        ])
        let keeper = try RollupStateKeeper(configuration: configuration, tree: tree, nextBlockNumber: 1, spentSequences: [])
        let transfer = Transfer(from: try AccountID(1), to: try AccountID(2), amount: try PackedAmount(packing: 100), fee: try PackedFee(packing: 2), nonce: 3)
        let block = try await Fixture.transferBlock(keeper, [transfer.signed(with: Fixture.alice, chain: chain.chainID)])
        #expect(block.transactions.filter { $0 == .noop }.count == 7)
        let key = try BlockProver.developmentKey(.transfer, .production(.transfer))
        let proof = try BlockProver(keys: [.transfer: key], parameters: .production(.transfer)).prove(block)
        #expect(try Self.verify(proof, block.publicInputs, key))
        #expect(try !Self.verify(proof, Self.changed(block, at: 1), key))
        #expect(try !Self.verify(proof, Self.changed(block, at: 3), key))  // the chain id
    }
}
