import Algebra
import Ceremony
import Circuits
import Groth16
import R1CS
import Testing

/// `rollup setup --zkey`'s keys, and how any zkey is tied to its circuit.
struct DevelopmentZkeyTests {
    static let seed: [UInt32] = [0x0102_0304, 5, 6, 7, 8, 9, 10, 0xdead_beef]

    /// Composed from the secrets, a development zkey is what a ceremony on a
    /// .ptau with those secrets and one contribution would give: `verify`
    /// accepts it against that .ptau, and against no other.
    @Test func aDevelopmentZkeyIsACeremonysKeyForAPtauWithItsSecrets() throws {
        let r1cs = try CeremonyTests.r1cs()
        var ptauSecrets = SnarkJSChaCha(seed: Self.seed), keySecrets = SnarkJSChaCha(seed: Self.seed)
        let power = SnarkJSZkey.domainPower(for: r1cs) + 1
        let ptau = try PowersOfTau.generate(power: power, name: "seeded", generator: &ptauSecrets, threads: 2, progress: nil)
        let zkey = try DevelopmentZkey.generate(r1cs: r1cs, generator: &keySecrets, threads: 2, progress: nil)

        let report = try ZkeyVerifier.verify(zkey: zkey, ptau: ptau, r1cs: r1cs)
        #expect(report.contributions.map(\.name) == [DevelopmentZkey.contributionName])
        #expect(zkey.delta1 != .generator)
        #expect(try SnarkJSZkey(bytes: zkey.encoded) == zkey)
        let other = try PowersOfTau.generate(power: power, name: "other")
        #expect(throws: CeremonyError.self) { try ZkeyVerifier.verify(zkey: zkey, ptau: other, r1cs: r1cs) }

        let (proof, inputs) = try CeremonyTests.prove(zkey)
        let key = try PreparedVerifyingKey(zkey.verifyingKey)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: key))
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[0] + .one, inputs[1]], key: key))
        // The libsodium-seeded setup makes another key, which proves as well.
        let fresh = try DevelopmentZkey.generate(r1cs: r1cs)
        #expect(fresh.verifyingKey != zkey.verifyingKey)
        let (freshProof, _) = try CeremonyTests.prove(fresh)
        #expect(try Groth16Verifier.verify(freshProof, inputs: inputs, key: PreparedVerifyingKey(fresh.verifyingKey)))
    }

    /// A computed witness proves with the rows it holds; a .wtns's values
    /// with the zkey's coefficients. Both give the same proof.
    @Test func bothWitnessFormsGiveTheSameProof() throws {
        let zkey = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_final.zkey"))
        let witness = try WitnessAssignment(SBoxChainCircuit(rounds: CeremonyTests.rounds, input: 5))
        let (r, s) = (Fr(11), Fr(13))
        let fromRows = try ZkeyProver.prove(zkey, witness: witness, r: r, s: s)
        #expect(fromRows == (try ZkeyProver.prove(zkey, witness: witness.assignment, r: r, s: s)))
        #expect(try Groth16Verifier.verify(fromRows, inputs: witness.inputs, key: PreparedVerifyingKey(zkey.verifyingKey)))
        // Another circuit's witness is refused.
        let longer = try WitnessAssignment(SBoxChainCircuit(rounds: CeremonyTests.rounds + 1, input: 5))
        #expect(throws: ZkeyProver.Failure.self) { try ZkeyProver.prove(zkey, witness: longer, r: r, s: s) }
    }

    /// A zkey is for the circuit whose sizes and coefficients it holds.
    @Test func aZkeyForAnotherCircuitIsRefused() throws {
        let zkey = try SnarkJSZkey(bytes: try CeremonyTests.ours("circuit_final.zkey"))
        try zkey.check(against: try CeremonyTests.r1cs())
        let longer = try R1CS(SBoxChainCircuit(rounds: CeremonyTests.rounds + 1, input: nil))
        #expect {
            try zkey.check(against: longer)
        } throws: { error in
            "\(error)".contains("signals") && "\(error)".contains("another circuit")
        }
        var altered = zkey
        altered.coefficients[1].value += .one
        #expect(throws: SnarkJSZkey.Failure.otherCircuit("its coefficients (section 4) are not the circuit's constraints")) {
            try altered.check(against: try CeremonyTests.r1cs())
        }
    }
}
