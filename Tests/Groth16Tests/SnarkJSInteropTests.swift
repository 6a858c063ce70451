import Algebra
import Foundation
import Groth16
import Support
import Testing

/// snarkjs JSON: the committed fixture (checked by py_ecc) verifies here,
/// exports round-trip, and malformed files are refused with clear errors.
struct SnarkJSInteropTests {
    static func fixture(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/sbox64"))
        return try Data(contentsOf: url)
    }

    static func fixtureText(_ name: String) throws -> String { String(decoding: try fixture(name), as: UTF8.self) }

    @Test func committedFixtureVerifies() throws {
        let key = try SnarkJSFormat.decodeVerifyingKey(try Self.fixture("verification_key.json"))
        let proof = try SnarkJSFormat.decodeProof(try Self.fixture("proof.json"))
        let inputs = try SnarkJSFormat.decodeInputs(try Self.fixture("public.json"))
        let prepared = PreparedVerifyingKey(key)
        #expect(inputs.count == 2)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: prepared))
        #expect(try !Groth16Verifier.verify(proof, inputs: [inputs[0], inputs[1] + .one], key: prepared))
        // The independent verifier's recorded verdict.
        let verdict = try Self.fixtureText("py_ecc_check.txt")
        #expect(verdict.split(separator: "\n").count == 3 && !verdict.contains("FAILED"))
    }

    @Test func exportsRoundTrip() throws {
        let key = ProvingTests.key
        let (proof, inputs) = try ProvingTests.honestProof()
        #expect(try SnarkJSFormat.decodeVerifyingKey(SnarkJSFormat.encode(key.verifyingKey)) == key.verifyingKey)
        #expect(try SnarkJSFormat.decodeProof(SnarkJSFormat.encode(proof)) == proof)
        #expect(try SnarkJSFormat.decodeInputs(SnarkJSFormat.encode(inputs: inputs)) == inputs)
        let json = try JSONSerialization.jsonObject(with: SnarkJSFormat.encode(key.verifyingKey)) as? [String: Any]
        #expect(json?["protocol"] as? String == "groth16")
        #expect(json?["curve"] as? String == "bn128")
        #expect(json?["nPublic"] as? Int == 2)
        #expect((json?["IC"] as? [Any])?.count == 3)
    }

    /// The fixture's verification key with one textual edit.
    static func editedKey(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        var json = try #require(try JSONSerialization.jsonObject(with: fixture("verification_key.json")) as? [String: Any])
        edit(&json)
        return try JSONSerialization.data(withJSONObject: json)
    }

    @Test func malformedVerificationKeysAreRejected() throws {
        #expect(throws: SnarkJSError.unsupported(file: "verification_key.json", field: "protocol", value: "plonk")) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey { $0["protocol"] = "plonk" })
        }
        #expect(throws: SnarkJSError.unsupported(file: "verification_key.json", field: "curve", value: "bls12381")) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey { $0["curve"] = "bls12381" })
        }
        #expect(throws: SnarkJSError.malformed(file: "verification_key.json", detail: "missing field \"vk_delta_2\"")) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey { $0["vk_delta_2"] = nil })
        }
        #expect(throws: SnarkJSError.self) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey { $0["nPublic"] = 5 })
        }
        #expect(throws: SnarkJSError.badPoint(file: "verification_key.json", field: "vk_alpha_1", error: .notOnCurve)) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey { $0["vk_alpha_1"] = ["1", "3", "1"] })
        }
        #expect(throws: SnarkJSError.inconsistentKey("vk_alphabeta_12 is not e(vk_alpha_1, vk_beta_2)")) {
            try SnarkJSFormat.decodeVerifyingKey(try Self.editedKey {
                var ab = $0["vk_alphabeta_12"] as! [[[String]]]
                ab[0][0][0] = "1"
                $0["vk_alphabeta_12"] = ab
            })
        }
        #expect(throws: SnarkJSError.malformed(file: "verification_key.json", detail: "The given data was not valid JSON.")) {
            try SnarkJSFormat.decodeVerifyingKey(Data("{\"protocol\": ".utf8))
        }
    }

    @Test func malformedProofsAndInputsAreRejected() throws {
        let proofText = try Self.fixtureText("proof.json")
        let coordinate = String(try #require(proofText.components(separatedBy: "\"").first { $0.count > 60 }))
        let offCurve = proofText.replacingOccurrences(of: coordinate, with: "5")
        #expect(throws: SnarkJSError.self) { try SnarkJSFormat.decodeProof(Data(offCurve.utf8)) }
        let tooBig = proofText.replacingOccurrences(of: coordinate, with: Fq.modulusDecimal)
        #expect(throws: SnarkJSError.self) { try SnarkJSFormat.decodeProof(Data(tooBig.utf8)) }
        #expect(throws: SnarkJSError.badInput(index: 1, error: .notBelowModulus(value: Fr.modulusDecimal, modulus: Fr.modulusDecimal))) {
            try SnarkJSFormat.decodeInputs(Data("[\"1\", \"\(Fr.modulusDecimal)\"]".utf8))
        }
        #expect(throws: SnarkJSError.badInput(index: 0, error: .notAnInteger("-1"))) {
            try SnarkJSFormat.decodeInputs(Data("[\"-1\"]".utf8))
        }
        #expect(throws: SnarkJSError.self) { try SnarkJSFormat.decodeInputs(Data("[1, 2]".utf8)) }
    }

    /// Random byte edits of every file: each decodes to something that does
    /// not verify, or throws; none crashes.
    @Test func randomCorruptionNeverCrashesOrVerifies() throws {
        let files = ["verification_key.json", "proof.json", "public.json"]
        var original = [String: [UInt8]]()
        for file in files { original[file] = [UInt8](try Self.fixture(file)) }
        var generator = SeededRandom(seed: 81)
        for round in 0..<120 {
            var bytes = original
            let file = files[round % 3]
            var edited = bytes[file]!
            let position = Int(generator.next() % UInt64(edited.count))
            edited[position] = edited[position] == UInt8(ascii: "9") ? UInt8(ascii: "1") : UInt8(ascii: "9")
            if edited == bytes[file]! { continue }
            bytes[file] = edited
            do {
                let key = try SnarkJSFormat.decodeVerifyingKey(Data(bytes["verification_key.json"]!))
                let proof = try SnarkJSFormat.decodeProof(Data(bytes["proof.json"]!))
                let inputs = try SnarkJSFormat.decodeInputs(Data(bytes["public.json"]!))
                let valid = (try? Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(key))) ?? false
                // An edit outside the numbers (whitespace, key order) keeps it valid; any edit of a value must not.
                if valid {
                    #expect(try SnarkJSFormat.decodeProof(Data(bytes["proof.json"]!)) == SnarkJSFormat.decodeProof(Data(original["proof.json"]!)))
                }
            } catch is SnarkJSError {
                continue
            }
        }
    }

    @Test func solidityVerifierHoldsTheKey() throws {
        let key = try SnarkJSFormat.decodeVerifyingKey(try Self.fixture("verification_key.json"))
        let source = SolidityVerifier.source(for: key)
        #expect(source == (try Self.fixtureText("Verifier.sol")))
        #expect(source.contains("uint256[2] calldata pubSignals"))
        #expect(source.contains("uint256 constant IC2_Y = \(key.ic[2].y.decimalString);"))
        #expect(source.contains("uint256 constant BETA_X1 = \(key.beta.x.c1.decimalString);"))
        #expect(source.contains("staticcall(gas(), 0x08, input, 768, result, 32)"))
    }
}
