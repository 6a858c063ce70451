import Algebra
import Ceremony
import Circuits
import Foundation
import Groth16
import R1CS
import Support
import Testing

/// Ceremonies run by this code: a three-party phase 2 on a powers of tau
/// of our own, its proofs, an independent prover's proof from our key
/// (Fixtures/our-ceremony), and what `verify` catches.
struct CeremonyTests {
    static let rounds = 3
    static func r1cs() throws -> R1CS { try R1CS(SBoxChainCircuit(rounds: rounds, input: nil)) }
    static func witness(_ input: UInt64 = 3) throws -> [Fr] { try WitnessAssignment(SBoxChainCircuit(rounds: rounds, input: Fr(input))).assignment }

    static func ours(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/our-ceremony"))
        return Array(try Data(contentsOf: url))
    }

    static func snarkjs(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/snarkjs-ceremony"))
        return Array(try Data(contentsOf: url))
    }

    static let beaconHash = Array(hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")!

    /// Two contributions and a beacon on a fresh powers of tau.
    static func threeParty() throws -> (ptau: PowersOfTau, keys: [SnarkJSZkey], hashes: [[UInt8]]) {
        let ptau = try PowersOfTau.generate(power: 5, name: "test")
        let initial = try ZkeyInitializer.zkey(ptau: ptau, r1cs: try r1cs())
        let first = try PhaseTwo.contribute(to: initial, name: "alice")
        let second = try PhaseTwo.contribute(to: first.zkey, name: "bob")
        let beacon = try PhaseTwo.beacon(to: second.zkey, hash: beaconHash, iterationsExponent: 10, name: "beacon")
        return (ptau, [initial, first.zkey, second.zkey, beacon.zkey], [first, second, beacon].map(\.contribution.hash))
    }

    static func prove(_ zkey: SnarkJSZkey, input: UInt64 = 3) throws -> (Proof, [Fr]) {
        let witness = try witness(input)
        return (try ZkeyProver.prove(zkey, witness: witness), Array(witness[1...2]))
    }

    @Test func aThreePartyCeremonyGivesKeysWhoseProofsVerify() throws {
        let (ptau, keys, hashes) = try Self.threeParty()
        let final = keys[3]
        let report = try ZkeyVerifier.verify(zkey: final, ptau: ptau, r1cs: try Self.r1cs())
        #expect(report.contributions.map(\.name) == ["alice", "bob", "beacon"])
        #expect(report.contributions.map(\.hash) == hashes)
        #expect(report.contributions[2].origin == .beacon(hash: Self.beaconHash, iterationsExponent: 10))
        // Each contribution moved δ, and every intermediate key with a contribution verifies too;
        // the initial one, with none, is refused.
        #expect(Set(keys.map(\.delta1)).count == 4)
        #expect(throws: CeremonyError.unsoundKey(ZkeySoundness.noContributionText)) { try ZkeyVerifier.verify(zkey: keys[0], ptau: ptau, r1cs: try Self.r1cs()) }
        for (count, key) in keys.enumerated().dropFirst() {
            #expect(try ZkeyVerifier.verify(zkey: key, ptau: ptau, r1cs: try Self.r1cs()).contributions.count == count)
        }

        let (proof, inputs) = try Self.prove(final)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(final.verifyingKey)))
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[0], inputs[1] + .one], key: PreparedVerifyingKey(final.verifyingKey)))
        // Under another ceremony's key for the same circuit (snarkjs's), the proof fails.
        let other = try SnarkJSZkey(bytes: try Self.snarkjs("circuit_final.zkey"))
        #expect(try !Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(other.verifyingKey)))
        // And that ceremony's own proof verifies under its own key.
        let (otherProof, _) = try Self.prove(other)
        #expect(try Groth16Verifier.verify(otherProof, inputs: inputs, key: PreparedVerifyingKey(other.verifyingKey)))
        let reread = try SnarkJSZkey(bytes: final.encoded)
        #expect(reread == final)
    }

    /// A powers of tau of ours reads back byte for byte, and its contribution
    /// record holds: the response hash resumes from the recorded state and
    /// the next challenge covers the file's points.
    @Test func ourPowersOfTauRecordsItsContribution() throws {
        let ptau = try PowersOfTau.generate(power: 3, name: "record")
        #expect(try PowersOfTau(bytes: ptau.encoded).encoded == ptau.encoded)
        let contributions = try ptau.contributions()
        let contribution = try #require(contributions.first)
        #expect(contributions.count == 1 && contribution.name == "record" && contribution.type == 0)
        let (tau, beta) = (try ptau.g1(.tauG1, 1..<2)[0], try ptau.g2(.betaG2, 0..<1)[0])
        #expect(contribution.tauG1 == tau && contribution.betaG2 == beta)
        let response = try #require(contribution.responseHash)
        #expect(try ptau.challengeHash(after: response) == contribution.nextChallenge)
        // snarkjs's own file: the state its hasher wrote resumes here.
        let theirs = try PowersOfTau(bytes: try Self.snarkjs("pot5_final.ptau"))
        let recorded = try #require(try theirs.contributions().first)
        #expect(recorded.name == "fixture")
        #expect(try theirs.challengeHash(after: try #require(recorded.responseHash)) == recorded.nextChallenge)
    }

    /// Fixtures/our-ceremony: our ptau and three-party ceremony, which snarkjs
    /// verified (snarkjs_check.txt); arkworks read our final zkey and proved
    /// our witness with it (arkworks_proof.json), and that proof verifies here.
    @Test func anIndependentProverProvesWithOurZkey() throws {
        let zkey = try SnarkJSZkey(bytes: try Self.ours("circuit_final.zkey"))
        #expect(try Self.ours("witness.wtns") == (try WitnessAssignment(SBoxChainCircuit(rounds: Self.rounds, input: 3)).iden3Binary))
        #expect(try Self.ours("circuit.r1cs") == (try Self.r1cs()).iden3Binary)
        let ptau = try PowersOfTau(bytes: try Self.ours("pot5.ptau"))
        #expect(try ZkeyInitializer.zkey(ptau: ptau, r1cs: try Self.r1cs()).encoded == (try Self.ours("circuit_0000.zkey")))
        #expect(try ZkeyVerifier.verify(zkey: zkey, ptau: ptau, r1cs: try Self.r1cs()).contributions.count == 3)

        let arkworksKey = try SnarkJSFormat.decodeVerifyingKey(Data(try Self.ours("arkworks_verification_key.json")))
        #expect(arkworksKey == zkey.verifyingKey)
        let proof = try SnarkJSFormat.decodeProof(Data(try Self.ours("arkworks_proof.json")))
        let inputs = try SnarkJSFormat.decodeInputs(Data(try Self.ours("public.json")))
        #expect(inputs == Array(try Self.witness()[1...2]))
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(zkey.verifyingKey)))
        let other = try SnarkJSZkey(bytes: try Self.snarkjs("circuit_final.zkey"))
        #expect(try !Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(other.verifyingKey)))
        #expect(String(decoding: try Self.ours("snarkjs_check.txt"), as: UTF8.self).components(separatedBy: "true").count == 4)
    }
}
