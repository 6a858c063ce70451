import Algebra
import Ceremony
import Circuits
import Foundation
import Groth16
import R1CS
import Support
import Testing

/// Our ceremony against snarkjs's own: Fixtures/snarkjs-ceremony holds a
/// powers of tau and a phase-2 ceremony (zkey new, contributions "alice"
/// and "bob", a beacon) that snarkjs 0.7.6 made and verified on our
/// circuit.r1cs (scripts/make_ceremony_fixture.cjs).
struct SnarkJSCeremonyTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/snarkjs-ceremony"))
        return Array(try Data(contentsOf: url))
    }

    static func ptau() throws -> PowersOfTau { try PowersOfTau(bytes: try fixture("pot5_final.ptau")) }
    static func r1cs() throws -> R1CS { try R1CS(iden3Binary: try fixture("circuit.r1cs")) }
    static func zkey(_ name: String) throws -> SnarkJSZkey { try SnarkJSZkey(bytes: try fixture(name)) }

    struct Hashes: Decodable {
        struct Contribution: Decodable { var name: String; var hash: String }
        var circuitHash: String
        var contributions: [Contribution]
    }

    static func hashes() throws -> Hashes { try JSONDecoder().decode(Hashes.self, from: Data(try fixture("hashes.json"))) }

    @Test func theCircuitIsOurs() throws {
        let bytes = try Self.fixture("circuit.r1cs")
        #expect(try R1CS(SBoxChainCircuit(rounds: 3, input: nil)).iden3Binary == bytes)
        let read = try Self.r1cs()
        #expect(read.constraintCount == 10 && read.variableCount == 12 && read.inputCount == 2)
        #expect(read.iden3Binary == bytes)
    }

    @Test func thePtauReadsAndWritesBackByteForByte() throws {
        let bytes = try Self.fixture("pot5_final.ptau")
        let ptau = try PowersOfTau(bytes: bytes)
        #expect(ptau.power == 5 && ptau.isPreparedForPhaseTwo)
        #expect(ptau.encoded == bytes)
        let tau = try ptau.g1(.tauG1, 0..<2)
        #expect(tau[0] == .generator && tau[1] != .generator)
    }

    /// `zkey new` from the same ptau and .r1cs gives snarkjs's file, circuit
    /// hash and all.
    @Test func theInitialKeyIsSnarkjssByteForByte() throws {
        let initial = try ZkeyInitializer.zkey(ptau: try Self.ptau(), r1cs: try Self.r1cs())
        #expect(initial.encoded == (try Self.fixture("circuit_0000.zkey")))
        let parameters = try PhaseTwoParameters(zkey: initial)
        #expect(parameters.circuitHash.hexString == (try Self.hashes().circuitHash))
    }

    /// A beacon is deterministic: ours on bob's key is snarkjs's final key.
    @Test func theBeaconIsSnarkjssByteForByte() throws {
        let beacon = try PhaseTwo.beacon(
            to: try Self.zkey("circuit_0002.zkey"), hash: Array(hex: "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20")!,
            iterationsExponent: 10, name: "final beacon")
        #expect(beacon.zkey.encoded == (try Self.fixture("circuit_final.zkey")))
        #expect(beacon.contribution.hash.hexString == (try Self.hashes().contributions[2].hash))
    }

    /// snarkjs's ceremony verifies here, each step of it after the first
    /// contribution, and the contribution hashes are the ones snarkjs
    /// printed; its initial key, which snarkjs's own verify accepts, has no
    /// contribution and is refused.
    @Test func snarkjssCeremonyVerifies() throws {
        let ptau = try Self.ptau(), r1cs = try Self.r1cs(), hashes = try Self.hashes()
        #expect(throws: CeremonyError.unsoundKey(ZkeySoundness.noContributionText)) {
            try ZkeyVerifier.verify(zkey: try Self.zkey("circuit_0000.zkey"), ptau: ptau, r1cs: r1cs)
        }
        for (file, count) in [("circuit_0001.zkey", 1), ("circuit_0002.zkey", 2), ("circuit_final.zkey", 3)] {
            let report = try ZkeyVerifier.verify(zkey: try Self.zkey(file), ptau: ptau, r1cs: r1cs)
            #expect(report.contributions.count == count, "\(file)")
            #expect(report.contributions.map(\.hash.hexString) == hashes.contributions.prefix(count).map(\.hash))
            #expect(report.contributions.map(\.name) == hashes.contributions.prefix(count).map(\.name))
        }
    }
}
