import Algebra
import Ceremony
import ChildProcess
import Foundation
import Support
import TestSupport
import Testing

/// `rollup ceremony powers-of-tau verify` (``PowersOfTauVerifier``), as
/// `snarkjs powersoftau verify`: snarkjs's own files pass, with the
/// contribution hashes snarkjs returned; every damaged power, in any
/// section, and every damaged contribution fails, naming it; and the
/// phase-2 `ceremony verify` runs it on its ptau.
struct PowersOfTauVerificationTests {
    /// A fixture file's bytes.
    static func fixture(_ directory: String, _ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures/\(directory)"))
        return Array(try Data(contentsOf: url))
    }

    /// Where section `id`'s data starts in an iden3 container (magic, version, count, then id (4) ‖ size (8) ‖ data).
    static func sectionStart(_ bytes: [UInt8], _ id: UInt32) throws -> Int {
        var position = 12
        while position + 12 <= bytes.count {
            let type = bytes[position..<(position + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let size = bytes[(position + 4)..<(position + 12)].reversed().reduce(0) { $0 << 8 | Int($1) }
            if type == id { return position + 12 }
            position += 12 + size
        }
        throw FixtureMissing(description: "section \(id)")
    }

    struct FixtureMissing: Error, CustomStringConvertible { let description: String }

    /// `bytes` with points `a` and `b` of section `id` swapped: each still on the curve, no longer in order.
    static func swapping(_ bytes: [UInt8], section id: UInt32, _ a: Int, _ b: Int, size: Int) throws -> [UInt8] {
        var bytes = bytes
        let start = try sectionStart(bytes, id)
        let first = Array(bytes[(start + a * size)..<(start + (a + 1) * size)])
        bytes.replaceSubrange((start + a * size)..<(start + (a + 1) * size), with: bytes[(start + b * size)..<(start + (b + 1) * size)])
        bytes.replaceSubrange((start + b * size)..<(start + (b + 1) * size), with: first)
        return bytes
    }

    @Test func snarkjsFilesPassWithTheirContributionHashes() throws {
        let single = try PowersOfTauVerifier.verify(PowersOfTau(bytes: try Self.fixture("snarkjs-ceremony", "pot5_final.ptau")))
        #expect(single.power == 5 && single.contributions.map(\.name) == ["fixture"] && single.preparedForPhaseTwo)

        let beacon = try PowersOfTauVerifier.verify(PowersOfTau(bytes: try Self.fixture("snarkjs-ptau-beacon", "pot4_beacon.ptau")))
        let recorded = try JSONSerialization.jsonObject(with: Data(try Self.fixture("snarkjs-ptau-beacon", "hashes.json"))) as? [String: Any]
        let expected = try #require(recorded?["contributions"] as? [[String: Any]])
        #expect(beacon.contributions.count == 3 && expected.count == 3)
        for (contribution, theirs) in zip(beacon.contributions, expected) {
            #expect(contribution.name == theirs["name"] as? String && contribution.responseHash?.hexString == theirs["hash"] as? String)
        }
        #expect(beacon.contributions.last?.beacon?.iterationsExponent == 10 && beacon.contributions.last?.beacon?.hash == CeremonyTests.beaconHash)
        #expect(try PowersOfTauVerifier.verify(PowersOfTau.generate(power: 3, name: "ours")).contributions.count == 1)
    }

    /// One power out of place, in each point section: refused naming the section.
    @Test(arguments: [(UInt32(2), 64), (3, 128), (4, 64), (5, 64), (12, 64), (13, 128), (14, 64), (15, 64)])
    func anAlteredPowerFails(section: UInt32, size: Int) throws {
        let bytes = try Self.fixture("snarkjs-ptau-beacon", "pot4_beacon.ptau")
        let altered = try PowersOfTau(bytes: try Self.swapping(bytes, section: section, 5, 6, size: size))
        #expect(throws: CeremonyError.self) { try PowersOfTauVerifier.verify(altered) }
        do {
            _ = try PowersOfTauVerifier.verify(altered)
        } catch {
            #expect(error.description.contains("section \(section)"), "\(error)")
        }
    }

    /// The beacon's record: another hash derives another key, refused naming
    /// the contribution; an exponent snarkjs would not write is refused when
    /// read; one it would write but that takes too long to check is refused
    /// as unverifiable.
    @Test func aDamagedBeaconIsNamed() throws {
        let bytes = try Self.fixture("snarkjs-ptau-beacon", "pot4_beacon.ptau")
        let parameters: [UInt8] = [2, 10, 3, 32] + CeremonyTests.beaconHash
        let at = try #require((0...(bytes.count - parameters.count)).first { Array(bytes[$0..<($0 + parameters.count)]) == parameters })
        var otherHash = bytes
        otherHash[at + 4] ^= 1
        #expect(throws: CeremonyError.badContribution(index: 3, name: "final beacon", reason: "its key is not the one its beacon hash and iterations derive")) {
            try PowersOfTauVerifier.verify(PowersOfTau(bytes: otherHash))
        }
        var unbounded = bytes
        unbounded[at + 1] = 64
        #expect(throws: CeremonyError.ptau(.badSection(7, "beacon contribution 3's iteration exponent 64 is outside snarkjs's 10…63"))) {
            try PowersOfTau(bytes: unbounded).contributions()
        }
        var slow = bytes
        slow[at + 1] = 63
        do {
            _ = try PowersOfTauVerifier.verify(PowersOfTau(bytes: slow))
            Issue.record("a beacon of 2^63 iterations was verified")
        } catch {
            #expect(error.description.contains("contribution #3 (final beacon) is invalid: its beacon takes 2^63 iterations"), "\(error)")
        }
    }

    /// The commands: exit 0 on a good file, 1 naming the section on a damaged
    /// one; `ceremony verify` refuses a zkey whose ptau is damaged.
    @Test func theCommandsVerifyThePowersOfTau() throws {
        let directory = try ScratchDirectory.make("ptau-verify").path
        let good = directory + "/good.ptau", bad = directory + "/bad.ptau"
        let bytes = try CeremonyTests.ours("pot5.ptau")
        try Data(bytes).write(to: URL(fileURLWithPath: good))
        try Data(try Self.swapping(bytes, section: 2, 7, 8, size: 64)).write(to: URL(fileURLWithPath: bad))
        let passed = try CeremonyCommandTests.run(["powers-of-tau", "verify", good])
        #expect(passed.status == 0 && passed.output.contains("1 contribution(s), each verified, prepared for phase 2"), "\(passed.output)")
        let failed = try CeremonyCommandTests.run(["powers-of-tau", "verify", bad])
        #expect(failed.status == 1 && failed.output.contains("section 2"), "\(failed.output)")
        try Data(try CeremonyTests.ours("circuit.r1cs")).write(to: URL(fileURLWithPath: directory + "/circuit.r1cs"))
        try Data(try CeremonyTests.ours("circuit_final.zkey")).write(to: URL(fileURLWithPath: directory + "/final.zkey"))
        let phaseTwo = try CeremonyCommandTests.run(["verify", "--ptau", bad, "--r1cs", directory + "/circuit.r1cs", "--zkey", directory + "/final.zkey"])
        #expect(phaseTwo.status == 1 && phaseTwo.output.contains("the ptau does not verify"), "\(phaseTwo.output)")
        let whole = try CeremonyCommandTests.run(["verify", "--ptau", good, "--r1cs", directory + "/circuit.r1cs", "--zkey", directory + "/final.zkey"])
        #expect(whole.status == 0 && whole.output.contains("1 phase-1 contribution(s), each verified"), "\(whole.output)")
    }
}
