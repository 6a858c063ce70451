import Algebra
import Circuits
import Groth16
import R1CS
import Support
import Testing

/// The binary key format: round trips, and every way a file can be wrong.
struct KeyFileTests {
    static var key: ProvingKey { ProvingTests.key }

    @Test func provingAndVerifyingKeysRoundTrip() throws {
        let bytes = KeyFile.encode(Self.key)
        let decoded = try KeyFile.decodeProvingKey(bytes, file: "pk", expecting: Self.key.circuit)
        #expect(decoded == Self.key)
        let (vk, circuit) = try KeyFile.decodeVerifyingKey(KeyFile.encode(Self.key.verifyingKey, circuit: Self.key.circuit), file: "vk")
        #expect(vk == Self.key.verifyingKey)
        #expect(circuit == Self.key.circuit)
        // A proof made with the reloaded key verifies under the original.
        let circuitValue = SBoxChainCircuit(rounds: ProvingTests.rounds, input: ProvingTests.input)
        let (proof, inputs) = try Groth16Prover.prove(circuitValue, key: decoded)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: ProvingTests.prepared))
    }

    @Test func keysForAnotherCircuitAreRefused() throws {
        let otherR1CS = try R1CS(SBoxChainCircuit(rounds: ProvingTests.rounds + 1, input: nil))
        let other = CircuitDescription(name: "sbox", r1cs: otherR1CS)
        #expect(throws: KeyFileError.self) {
            try KeyFile.decodeProvingKey(KeyFile.encode(Self.key), file: "pk", expecting: other)
        }
        var renamed = Self.key.circuit
        renamed.name = "transfer"
        do {
            _ = try KeyFile.decodeProvingKey(KeyFile.encode(Self.key), file: "pk", expecting: renamed)
            Issue.record("a key for another circuit was accepted")
        } catch let error as KeyFileError {
            #expect(error.description.contains("not for circuit 'transfer'"))
        }
    }

    @Test func damagedFilesAreRefused() throws {
        let bytes = KeyFile.encode(Self.key)
        #expect(throws: KeyFileError.notAKeyFile(file: "pk")) { try KeyFile.decodeProvingKey(Array("hello".utf8), file: "pk") }
        #expect(throws: KeyFileError.notAKeyFile(file: "pk")) {
            try KeyFile.decodeProvingKey(KeyFile.encode(Self.key.verifyingKey, circuit: Self.key.circuit), file: "pk")
        }
        var flipped = bytes
        flipped[bytes.count / 2] ^= 1
        #expect(throws: KeyFileError.corrupted(file: "pk")) { try KeyFile.decodeProvingKey(flipped, file: "pk") }
        #expect(throws: KeyFileError.self) { try KeyFile.decodeProvingKey(Array(bytes.prefix(bytes.count - 100)), file: "pk") }
        var future = bytes
        future[8] = 2
        #expect(throws: KeyFileError.unsupportedVersion(file: "pk", version: 2)) { try KeyFile.decodeProvingKey(future, file: "pk") }
        // Every single-byte corruption is caught (by the checksum or the parser).
        var generator = SeededRandom(seed: 91)
        for _ in 0..<200 {
            var damaged = bytes
            let index = Int(generator.next() % UInt64(bytes.count))
            damaged[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            #expect(throws: KeyFileError.self) { try KeyFile.decodeProvingKey(damaged, file: "pk") }
        }
    }
}
