import Algebra
import Circuits
import Groth16
import R1CS
import Support
import Testing

/// Many proofs checked in one multi-pairing with random weights: honest
/// batches under one key or several hold; one bad proof, one wrong input or
/// a proof under the wrong key anywhere in the batch fails it.
struct BatchVerificationTests {
    /// A second circuit and key, so that batches mix keys.
    static let otherKey: ProvingKey = {
        var generator = SeededRandom(seed: 72)
        let r1cs = try! R1CS(SBoxChainCircuit(rounds: 4, input: nil))
        return try! Setup.generate(name: "sbox-4", r1cs: r1cs, toxicWaste: .random(using: &generator))
    }()
    static let otherPrepared = PreparedVerifyingKey(otherKey.verifyingKey)

    typealias Item = (proof: Proof, inputs: [Fr], key: PreparedVerifyingKey)

    /// Three proofs under the suite's key and two under the other, all honest.
    static func honestBatch() throws -> [Item] {
        var items = [Item]()
        for input in [Fr(3), Fr(5), Fr(8)] {
            let (proof, inputs) = try Groth16Prover.prove(SBoxChainCircuit(rounds: ProvingTests.rounds, input: input), key: ProvingTests.key)
            items.append((proof, inputs, ProvingTests.prepared))
        }
        for input in [Fr(13), Fr(21)] {
            let (proof, inputs) = try Groth16Prover.prove(SBoxChainCircuit(rounds: 4, input: input), key: otherKey)
            items.append((proof, inputs, otherPrepared))
        }
        return items
    }

    @Test func honestBatchesHold() throws {
        let items = try Self.honestBatch()
        #expect(items.count == 5)
        #expect(try Groth16BatchVerifier.verify(items))
        #expect(try Groth16BatchVerifier.verify(Array(items.prefix(1))))
        #expect(try Groth16BatchVerifier.verify([]))
    }

    @Test func oneBadItemFailsTheBatch() throws {
        let items = try Self.honestBatch()
        for index in items.indices {
            var swappedProof = items
            swappedProof[index].proof = items[(index + 1) % items.count].proof
            #expect(try !Groth16BatchVerifier.verify(swappedProof), "proof \(index) replaced")
            var wrongInput = items
            wrongInput[index].inputs[1] += .one
            #expect(try !Groth16BatchVerifier.verify(wrongInput), "input of \(index) changed")
            var negatedC = items
            negatedC[index].proof.c = -items[index].proof.c
            #expect(try !Groth16BatchVerifier.verify(negatedC), "C of \(index) negated")
        }
        // Two wrong proofs that might cancel in a sum without weights: A of one
        // moved to the other is refused too.
        var traded = items
        (traded[0].proof.a, traded[1].proof.a) = (items[1].proof.a, items[0].proof.a)
        #expect(try !Groth16BatchVerifier.verify(traded))
        var wrongKey = items
        wrongKey[0].key = Self.otherPrepared
        #expect(throws: Groth16Error.self) { try Groth16BatchVerifier.verify([(items[0].proof, [items[0].inputs[0]], ProvingTests.prepared)]) }
        #expect(try !Groth16BatchVerifier.verify(wrongKey))
    }
}
