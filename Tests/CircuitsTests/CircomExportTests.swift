import Algebra
import ChildProcess
import Circuits
import Foundation
import Groth16
import Prover
import R1CS
import Support
import TestSupport
import Testing

/// Our block circuits in circom's formats: the .r1cs bytes are pinned by a
/// committed fixture, and an independent reader (Python's standard library
/// alone) parses exported .r1cs and .wtns files and checks every constraint.
struct CircomExportTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/transfer-d2-c1")
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scripts/check_r1cs_witness.py").path
    static let small = BlockCircuitParameters(treeDepth: 2, capacity: 1)

    @Test func theR1CSIsByteForByteTheCommittedFixture() throws {
        let bytes = try BlockProver.r1cs(.transfer, Self.small).iden3Binary
        let pinned = try String(contentsOf: Self.fixture.appendingPathComponent("circuit.r1cs.sha256"), encoding: .utf8)
        #expect(SHA256.hash(bytes).hexString == pinned.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The header as r1csfile's loadHeader reads it.
    @Test func theHeaderNamesTheShape() throws {
        let r1cs = try BlockProver.r1cs(.deposit, Self.small)
        let bytes = r1cs.iden3Binary
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        #expect(Array(bytes[0..<4]) == Array("r1cs".utf8))
        #expect(u32(4) == 1 && u32(8) == 3)  // version 1, three sections
        #expect(u32(12) == 1 && u32(16) == 4 + 32 + 16 + 8 + 4)  // section 1, its size
        #expect(u32(24) == 32)
        let r = [UInt8](hex: "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001")!
        #expect(Array(bytes[28..<60]) == Array(r.reversed()))
        let counts: [Int] = [u32(60), u32(64), u32(68), u32(72)]
        #expect(counts == [r1cs.variableCount, 0, 4, 0])  // wires, public outputs, public inputs, private inputs
        #expect(u32(76) == r1cs.variableCount && u32(84) == r1cs.constraintCount)
    }

    @Test(arguments: ["transfer", "deposit", "exit"])
    func anIndependentReaderChecksEveryConstraint(type: String) throws {
        let directory = ScratchDirectory.path("rollup-export").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let export = try ChildProcess.run(Self.rollup, ["circuits", "export", "--type", type, "--out", directory, "--sample", "--tree-depth", "2", "--block-size", "1"])
        #expect(export.status == 0, "\(export.output)")
        let check = try ChildProcess.run("/usr/bin/env", ["python3", Self.script, directory])
        #expect(check.status == 0 && check.output.hasPrefix("ok:"), "\(check.output)")

        // The reader can fail: one flipped bit in the last witness value.
        let path = directory + "/witness.wtns"
        var witness = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        witness[witness.count - 40] ^= 1
        try Data(witness).write(to: URL(fileURLWithPath: path))
        let tampered = try ChildProcess.run("/usr/bin/env", ["python3", Self.script, directory])
        #expect(tampered.status == 1 && tampered.output.contains("does not hold"), "\(tampered.output)")
    }

    @Test func theCommittedFixtureChecksOut() throws {
        let check = try ChildProcess.run("/usr/bin/env", ["python3", Self.script, Self.fixture.path])
        #expect(check.status == 0 && check.output.hasPrefix("ok: 34791 constraints"), "\(check.output)")
    }

    /// arkworks (through groth16py, scripts/make_arkworks_fixture.py) ran its
    /// own setup on the fixture's circuit.r1cs and proved its witness.wtns;
    /// our verifier accepts that proof for the fixture's public inputs (old
    /// root, new root, commitment, chain id), and refuses it when any of them changes:
    /// the files mean to arkworks what they mean to us.
    @Test func ourVerifierAcceptsArkworksProofOfOurCircuit() throws {
        let key = try SnarkJSFormat.decodeVerifyingKey(Data(contentsOf: Self.fixture.appendingPathComponent("arkworks_verification_key.json")))
        let proof = try SnarkJSFormat.decodeProof(Data(contentsOf: Self.fixture.appendingPathComponent("arkworks_proof.json")))
        let inputs = try SnarkJSFormat.decodeInputs(Data(contentsOf: Self.fixture.appendingPathComponent("public.json")))
        #expect(inputs.count == 4)
        let prepared = PreparedVerifyingKey(key)
        #expect(try Groth16Verifier.verify(proof, inputs: inputs, key: prepared))
        for index in inputs.indices {
            var changed = inputs
            changed[index] += .one
            #expect(try !Groth16Verifier.verify(proof, inputs: changed, key: prepared), "input \(index)")
        }
    }

    static var rollup: String {
        RollupBinary.path
    }
}
