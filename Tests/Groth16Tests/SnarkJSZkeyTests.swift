import Algebra
import Foundation
import Groth16
import R1CS
import Testing

/// snarkjs's .zkey against independent references: a zkey snarkjs wrote
/// (its own test file, Fixtures/snarkjs-groth16) reads into the verifying
/// key arkworks reads from it (groth16py's `import_zkey`), arkworks' proof
/// from that zkey verifies under it, and the file writes back byte for byte.
/// scripts/make_zkey_fixture.py made the arkworks files.
struct SnarkJSZkeyTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/snarkjs-groth16"))
        return try Data(contentsOf: url)
    }

    static func zkeyBytes() throws -> [UInt8] { Array(try fixture("circuit.zkey")) }

    @Test func snarkjsZkeyReadsAsArkworksReadsIt() throws {
        let zkey = try SnarkJSZkey(bytes: try Self.zkeyBytes())
        #expect(zkey.variableCount == 103 && zkey.publicCount == 1 && zkey.domainSize == 128)
        #expect(zkey.a.count == 103 && zkey.b2.count == 103 && zkey.c.count == 101 && zkey.h.count == 128 && zkey.coefficients.count == 202)
        let arkworks = try SnarkJSFormat.decodeVerifyingKey(try Self.fixture("arkworks_verification_key.json"))
        #expect(zkey.verifyingKey == arkworks)
        // Its exported key, in snarkjs JSON, reads back the same.
        #expect(try SnarkJSFormat.decodeVerifyingKey(try SnarkJSFormat.encode(zkey.verifyingKey)) == arkworks)
    }

    @Test func arkworksProofFromTheZkeyVerifiesUnderItsKey() throws {
        let zkey = try SnarkJSZkey(bytes: try Self.zkeyBytes())
        let proof = try SnarkJSFormat.decodeProof(try Self.fixture("arkworks_proof.json"))
        let inputs = try SnarkJSFormat.decodeInputs(try Self.fixture("public.json"))
        let key = PreparedVerifyingKey(zkey.verifyingKey)
        #expect(inputs.count == 1)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: key))
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[0] + .one], key: key))
    }

    /// Our prover, in snarkjs's convention, proves the fixture's witness
    /// with snarkjs's zkey; the proof verifies under the zkey's key, and a
    /// witness that breaks a constraint gives a proof that does not.
    @Test func ourProofFromTheZkeyVerifiesUnderItsKey() throws {
        let zkey = try SnarkJSZkey(bytes: try Self.zkeyBytes())
        let witness = try Iden3Witness.decode(Array(try Self.fixture("witness.wtns")))
        let inputs = try SnarkJSFormat.decodeInputs(try Self.fixture("public.json"))
        #expect(witness.count == 103 && Array(witness[1...1]) == inputs)
        let key = PreparedVerifyingKey(zkey.verifyingKey)
        let proof = try ZkeyProver.prove(zkey, witness: witness)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: key))
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[0] + .one], key: key))
        var broken = witness
        broken[50] += .one
        #expect(try !Groth16Verifier.verify(try ZkeyProver.prove(zkey, witness: broken), inputs: inputs, key: key))
        #expect(throws: ZkeyProver.Failure.wrongWitness(expected: 103, got: 102)) { try ZkeyProver.prove(zkey, witness: Array(witness.dropLast())) }
    }

    @Test func theZkeyWritesBackByteForByte() throws {
        let bytes = try Self.zkeyBytes()
        let zkey = try SnarkJSZkey(bytes: bytes)
        #expect(zkey.sectionOrder == [1, 2, 4, 3, 9, 8, 5, 6, 7, 10])
        #expect(zkey.encoded == bytes)
    }

    @Test func damagedZkeysAreRefusedWithAReason() throws {
        let bytes = try Self.zkeyBytes()
        func refusal(_ edit: (inout [UInt8]) -> Void) -> SnarkJSZkey.Failure? {
            var damaged = bytes
            edit(&damaged)
            do {
                _ = try SnarkJSZkey(bytes: damaged)
                return nil
            } catch {
                return error
            }
        }
        #expect(refusal { $0[0] = UInt8(ascii: "x") } == .container(.wrongMagic(file: "zkey", expected: "zkey")))
        #expect(refusal { $0.removeLast(10) } == .container(.truncated(file: "zkey", at: bytes.count - 80)))
        #expect(refusal { $0.append(0) } == .container(.trailingBytes(file: "zkey", count: 1)))
        // Section 2's data starts at byte 40 (the file header 12, section 1's
        // 12 + 4, section 2's own 12): n8q, then q from byte 44.
        #expect(refusal { $0[48] ^= 1 } == .wrongField("q or r is not BN254's (or not 32 bytes)"))
        // nVars (at 40 + 4 + 32 + 4 + 32 = 112) claiming 2^31 signals is refused by size, not allocated.
        guard case .badSection(let section, _)? = refusal({ $0[115] = 0x80 }), section == 3 || section == 5 else {
            Issue.record("a header claiming 2^31 signals was not refused by its sections' sizes")
            return
        }
        // [α]₁'s x is at 40 + 4 + 32 + 4 + 32 + 12 = 124: nudging it leaves the curve.
        guard case .badPoint(section: 2, index: 0, .notOnCurve)? = refusal({ $0[124] ^= 1 }) else {
            Issue.record("a damaged [α]₁ was not refused as off the curve")
            return
        }
    }
}
