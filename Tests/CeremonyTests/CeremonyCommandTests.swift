import Algebra
import Ceremony
import ChildProcess
import Foundation
import Groth16
import Support
import TestSupport
import Testing

/// `rollup ceremony` as a participant runs it: the whole ceremony through
/// the command, its exit codes, and clear refusals of bad input.
struct CeremonyCommandTests {
    static var rollup: String {
        RollupBinary.path
    }

    static func run(_ arguments: [String]) throws -> ChildProcess.Result { try ChildProcess.run(rollup, ["ceremony"] + arguments) }

    /// The four lines of a printed hash after `title`.
    static func printedHash(after title: String, in output: String) -> [String] {
        let lines = output.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix(title) }), start + 4 < lines.count else { return [] }
        return Array(lines[(start + 1)...(start + 4)])
    }

    @Test func aCeremonyThroughTheCommand() throws {
        let directory = try ScratchDirectory.make("rollup-ceremony").path
        func file(_ name: String) -> String { directory + "/" + name }
        try Data(try CeremonyTests.ours("circuit.r1cs")).write(to: URL(fileURLWithPath: file("circuit.r1cs")))

        let ptau = try Self.run(["powers-of-tau", "--power", "5", "--out", file("pot.ptau")])
        #expect(ptau.status == 0, "\(ptau.output)")
        let new = try Self.run(["new", "--ptau", file("pot.ptau"), "--r1cs", file("circuit.r1cs"), "--out", file("0.zkey")])
        #expect(new.status == 0 && new.output.contains("domain 16, no contributions"), "\(new.output)")
        // The initial key is no key to prove with: nobody contributed to its δ.
        let initial = try Self.run(["verify", "--ptau", file("pot.ptau"), "--r1cs", file("circuit.r1cs"), "--zkey", file("0.zkey")])
        #expect(initial.status == 1 && initial.output.contains("no phase-2 contribution"), "\(initial.output)")
        let first = try Self.run(["contribute", "--in", file("0.zkey"), "--out", file("1.zkey"), "--name", "alice"])
        let second = try Self.run(["contribute", "--in", file("1.zkey"), "--out", file("2.zkey"), "--name", "bob"])
        let beacon = try Self.run([
            "beacon", "--in", file("2.zkey"), "--out", file("final.zkey"), "--hash", CeremonyTests.beaconHash.hexString, "--iterations", "10",
        ])
        #expect([first, second, beacon].allSatisfy { $0.status == 0 }, "\(first.output)\(second.output)\(beacon.output)")
        let verify = try Self.run(["verify", "--ptau", file("pot.ptau"), "--r1cs", file("circuit.r1cs"), "--zkey", file("final.zkey")])
        #expect(verify.status == 0 && verify.output.contains("3 contribution(s), each verified"), "\(verify.output)")
        // Each participant finds the hash they were shown.
        for (title, printed) in [("contribution #1 alice", first), ("contribution #2 bob", second), ("contribution #3 final beacon", beacon)] {
            let shown = Self.printedHash(after: "Contribution Hash:", in: printed.output)
            #expect(shown.count == 4 && shown == Self.printedHash(after: title, in: verify.output), "\(title)")
        }

        // Against another ptau, the key is refused, exit 1.
        _ = try Self.run(["powers-of-tau", "--power", "5", "--out", file("other.ptau")])
        let otherPtau = try Self.run(["verify", "--ptau", file("other.ptau"), "--r1cs", file("circuit.r1cs"), "--zkey", file("final.zkey")])
        #expect(otherPtau.status == 1 && otherPtau.output.contains("α or β is not the ptau's"), "\(otherPtau.output)")
        // A broken record names its contribution.
        var zkey = try SnarkJSZkey(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: file("final.zkey")))))
        var parameters = try PhaseTwoParameters(zkey: zkey)
        parameters.contributions[1].transcript[0] ^= 1
        zkey.contributions = parameters.encoded
        try Data(zkey.encoded).write(to: URL(fileURLWithPath: file("broken.zkey")))
        let broken = try Self.run(["verify", "--ptau", file("pot.ptau"), "--r1cs", file("circuit.r1cs"), "--zkey", file("broken.zkey")])
        #expect(broken.status == 1 && broken.output.contains("contribution #2 (bob) is invalid"), "\(broken.output)")
    }

    @Test func badInputIsRefusedClearly() throws {
        let directory = try ScratchDirectory.make("rollup-ceremony-input").path
        let zkeyPath = directory + "/final.zkey"
        try Data(try CeremonyTests.ours("circuit_final.zkey")).write(to: URL(fileURLWithPath: zkeyPath))
        let cases: [([String], String)] = [
            (["beacon", "--in", zkeyPath, "--out", directory + "/b.zkey", "--hash", "zz", "--iterations", "10"], "--hash must be"),
            (["beacon", "--in", zkeyPath, "--out", directory + "/b.zkey", "--hash", "0102", "--iterations", "5"], "--iterations must be 10 … 63"),
            (["new", "--ptau", zkeyPath, "--out", directory + "/n.zkey"], "give either --circuit"),
            (["new", "--ptau", directory + "/missing.ptau", "--circuit", "transfer", "--out", directory + "/n.zkey"], "cannot read"),
            (["new", "--ptau", zkeyPath, "--circuit", "transfer", "--out", directory + "/n.zkey"], "is not a 'ptau' file"),
            (["contribute", "--in", zkeyPath, "--out", directory + "/c.zkey", "--name", String(repeating: "n", count: 65)], "at most 64 characters"),
            (["powers-of-tau", "--power", "30", "--out", directory + "/p.ptau"], "1 to 27"),
        ]
        for (arguments, message) in cases {
            let result = try Self.run(arguments)
            #expect(result.status != 0 && result.output.contains(message), "\(arguments): \(result.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/b.zkey") && !FileManager.default.fileExists(atPath: directory + "/c.zkey"))
    }
}
