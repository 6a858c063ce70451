import Algebra
import Circuits
import Committer
import Foundation
import Groth16
import Primitives
import Prover
import RollupTypes
import Storage
import StorageTesting
import Testing

/// The committer with real proofs (small circuits): a proof is checked
/// before it is stored, and blocks become verified strictly in order.
struct CommitterTests {
    typealias Fixture = StoreFixture
    static let parameters = BlockCircuitParameters(treeDepth: 4, capacity: 2)

    @Test(arguments: TestDatabase.available) func proofsAreCheckedAndAppliedInBlockOrder(_ backend: TestDatabase) async throws {
        var keys = [BlockType: ProvingKey]()
        for type in [BlockType.deposit, .transfer] { keys[type] = try BlockProver.developmentKey(type, Self.parameters) }
        let prover = try BlockProver(keys: keys, parameters: Self.parameters)
        let store = try DatabaseStore(try backend.fresh())
        let committer = BlockCommitter(store: store, chain: Fixture.chain, verifyingKeys: keys.mapValues(\.verifyingKey))
        let (keeper, _) = try await Fixture.node(store, committer: committer)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        _ = await keeper.tick()
        try await Fixture.accept(try Fixture.transfer(1, 0, 300, nonce: 0, key: Fixture.alice), keeper, store)
        _ = await keeper.tick(now: .now + .seconds(3600))
        let first = try #require(try store.sealedBlock(1)), second = try #require(try store.sealedBlock(2))

        let secondProof = try prover.prove(second)
        // Block 1's proof does not prove block 2.
        #expect(try committer.submitProof(try prover.prove(first), block: 2) == .rejected)
        #expect(try store.proof(block: 2) == nil)
        // Block 2 proved first waits for block 1.
        #expect(try committer.submitProof(secondProof, block: 2) == .accepted(verifiedThrough: 0))
        #expect(try store.verifiedAccounts().count == 1)
        #expect(try committer.submitProof(try prover.prove(first), block: 1) == .accepted(verifiedThrough: 2))
        #expect(try store.verifiedAccounts().map(\.1.balance) == [301, 699])
        #expect(try store.lastVerifiedBlock() == 2)
    }

    /// A proof stored by a faulty worker is deleted when it fails, so the block is proved again.
    @Test(arguments: TestDatabase.available) func aCorruptStoredProofIsDeleted(_ backend: TestDatabase) async throws {
        let key = try BlockProver.developmentKey(.deposit, Self.parameters)
        let store = try DatabaseStore(try backend.fresh())
        let committer = BlockCommitter(store: store, chain: Fixture.chain, verifyingKeys: [.deposit: key.verifyingKey], log: { _ in })
        let (keeper, _) = try await Fixture.node(store, committer: committer)
        try await Fixture.accept(Fixture.deposit(Fixture.alice, 1_000, sequence: 1), keeper, store)
        _ = await keeper.tick()
        let block = try #require(try store.sealedBlock(1))
        let proof = try BlockProver(keys: [.deposit: key], parameters: Self.parameters).prove(block)
        var corrupt = proof
        corrupt.a = (corrupt.a.jacobian + corrupt.a.jacobian).affine
        try store.storeProof(block: 1, proof: String(decoding: try SnarkJSFormat.encode(corrupt), as: UTF8.self), prover: "faulty")
        #expect(try committer.applyProvedBlocks() == 0)
        #expect(try store.proof(block: 1) == nil)
        try store.storeProof(block: 1, proof: "not json", prover: "faulty")
        #expect(try committer.applyProvedBlocks() == 0)
        #expect(try store.proof(block: 1) == nil)
        #expect(try committer.submitProof(proof, block: 1) == .accepted(verifiedThrough: 1))
    }
}
