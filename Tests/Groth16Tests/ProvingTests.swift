import Algebra
import Circuits
import Groth16
import R1CS
import R1CSTesting
import Support
import Testing

/// Setup, prove and verify on the S-box chain; every tampering fails.
struct ProvingTests {
    static let rounds = 10
    static let input = Fr(3)

    /// One key for the whole suite, from seeded toxic waste.
    static let key: ProvingKey = {
        var generator = SeededRandom(seed: 71)
        let r1cs = try! R1CS(SBoxChainCircuit(rounds: rounds, input: nil))
        return try! Setup.generate(name: "sbox", r1cs: r1cs, toxicWaste: .random(using: &generator))
    }()

    static let prepared = PreparedVerifyingKey(key.verifyingKey)

    static func honestProof() throws -> (Proof, [Fr]) {
        try Groth16Prover.prove(SBoxChainCircuit(rounds: rounds, input: input), key: key)
    }

    @Test func validProofVerifies() throws {
        let (proof, inputs) = try Self.honestProof()
        #expect(inputs == [Self.input, SBoxChainCircuit.output(rounds: Self.rounds, input: Self.input)])
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: Self.prepared))
        // Fresh blinding each time: two proofs of the same statement differ.
        let (again, _) = try Self.honestProof()
        #expect(again != proof)
        #expect(try Groth16Verifier.verify(again, inputs: inputs, key: Self.prepared))
    }

    /// The witness MSMs and h(X) share threads as one pool of tasks: with
    /// the same blinding, any number of threads gives the same proof.
    @Test func theProofDoesNotDependOnTheThreadCount() throws {
        let witness = try WitnessAssignment(SBoxChainCircuit(rounds: Self.rounds, input: Self.input))
        let proofs = try [1, 2, 3].map { threads in
            try Groth16Prover.prove(key: Self.key, witness: witness, r: 5, s: 7, threads: threads)
        }
        #expect(proofs[0] == proofs[1] && proofs[1] == proofs[2])
        #expect(try Groth16Verifier.verify(proofs[0], inputs: witness.inputs, key: Self.prepared))
    }

    @Test func tamperedProofsFail() throws {
        let (proof, inputs) = try Self.honestProof()
        let g1 = G1Projective.generator, g2 = G2Projective.generator
        var tampered = [Proof]()
        var p = proof
        p.a = (proof.a.jacobian + g1).affine
        tampered.append(p)
        p = proof
        p.b = (proof.b.jacobian + g2).affine
        tampered.append(p)
        p = proof
        p.c = (proof.c.jacobian + g1).affine
        tampered.append(p)
        p = proof
        p.a = -proof.a
        tampered.append(p)
        p = proof
        (p.a, p.c) = (proof.c, proof.a)
        tampered.append(p)
        for bad in tampered {
            #expect(try !Groth16Verifier.verify(bad, inputs: inputs, key: Self.prepared))
        }
    }

    @Test func tamperedInputsFail() throws {
        let (proof, inputs) = try Self.honestProof()
        for index in inputs.indices {
            var changed = inputs
            changed[index] += .one
            #expect(try !Groth16Verifier.verify(proof, inputs: changed, key: Self.prepared))
        }
        #expect(throws: Groth16Error.wrongInputCount(expected: 2, actual: 1)) {
            try Groth16Verifier.verify(proof, inputs: [inputs[0]], key: Self.prepared)
        }
    }

    @Test func unsatisfiedWitnessIsRefusedByName() throws {
        /// The chain with one wrong intermediate value.
        struct Broken: Circuit {
            var name: String { "sbox" }
            func synthesize<CS: ConstraintSystem>(into cs: inout CS) throws {
                var corrupting = CorruptingSystem(inner: cs, corruptAllocation: 13)
                try SBoxChainCircuit(rounds: ProvingTests.rounds, input: ProvingTests.input).synthesize(into: &corrupting)
                cs = corrupting.inner
            }
        }
        #expect(throws: Groth16Error.unsatisfied(.unsatisfied(constraint: 12, annotation: "round 4/x^2 product"))) {
            try Groth16Prover.prove(Broken(), key: Self.key)
        }
    }

    @Test func otherCircuitsKeyIsRefused() throws {
        let other = SBoxChainCircuit(rounds: Self.rounds + 1, input: Self.input)
        #expect(throws: Groth16Error.self) { try Groth16Prover.prove(other, key: Self.key) }
    }
}
