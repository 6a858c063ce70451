import Algebra
import Circuits
import ArgumentParser
import Ceremony
import Foundation
import Groth16
import Prover
import R1CS
import RollupTypes
import Support

/// `rollup ceremony …`: a Groth16 trusted setup in snarkjs's files, .ptau
/// for phase 1 and .zkey for phase 2, each step byte-compatible with
/// snarkjs's own.
struct CeremonyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ceremony",
        abstract: "Run a Groth16 ceremony with snarkjs's files: .ptau (phase 1) and .zkey (phase 2).",
        subcommands: [
            CeremonyPowersOfTauCommand.self, CeremonyNewCommand.self, CeremonyContributeCommand.self, CeremonyBeaconCommand.self,
            CeremonyVerifyCommand.self, CeremonyExportVKCommand.self,
        ]
    )
}

/// Which circuit a ceremony is for: a block circuit of the rollup, sized by
/// the same flags as `rollup circuits export`, or any circom .r1cs.
struct CeremonyCircuitOptions: ParsableArguments {
    @Option(help: "The block circuit: transfer, deposit or exit.")
    var circuit: BlockType?

    @Option(help: "The account tree's depth (production: 24; even, 2 … 24).")
    var treeDepth: Int = ChainParameters.production.treeDepth

    @Option(help: "Slots per block (1 … 64; default: production's, 8 for transfers and deposits, 7 for exits).")
    var blockSize: Int?

    @Option(help: "Instead of --circuit: a circom .r1cs file.")
    var r1cs: String?

    static let eitherCircuitOrR1CS = "give either --circuit transfer|deposit|exit or --r1cs FILE"

    func validate() throws {
        if (circuit == nil) == (r1cs == nil) { throw ValidationError(Self.eitherCircuitOrR1CS) }
        if !(2...24).contains(treeDepth) || !treeDepth.isMultiple(of: 2) { throw ValidationError("--tree-depth must be even, 2 … 24") }
        if let blockSize, !(1...64).contains(blockSize) { throw ValidationError("--block-size must be 1 … 64") }
    }

    /// The constraint system, and a name for messages.
    func load() throws -> (r1cs: R1CS, name: String) {
        if let path = r1cs {
            do {
                return (try R1CS(iden3Binary: Array(try readFile(path)), file: path), path)
            } catch let error as R1CS.Iden3ReadingError {
                throw CommandFailure("\(path): \(error)")
            }
        }
        guard let type = circuit else { throw ValidationError(Self.eitherCircuitOrR1CS) }
        let parameters = BlockCircuitParameters(treeDepth: treeDepth, capacity: blockSize ?? ChainParameters.production.slots(type))
        return (try BlockProver.r1cs(type, parameters), BlockProver.circuitName(type, parameters))
    }
}

/// Reads a .ptau, or a clear error.
func readPowersOfTau(_ path: String) throws -> PowersOfTau {
    do { return try PowersOfTau(bytes: Array(try readFile(path)), file: path) } catch { throw CommandFailure("\(path): \(error)") }
}

/// Reads a .zkey, or a clear error.
func readZkey(_ path: String) throws -> SnarkJSZkey {
    do { return try SnarkJSZkey(bytes: Array(try readFile(path)), file: path) } catch { throw CommandFailure("\(path): \(error)") }
}

/// Writes a file whole or not at all (a temporary file renamed into place).
func writeAtomically(_ bytes: [UInt8], to path: String) throws {
    do {
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw CommandFailure("cannot write \(path): \((error as NSError).localizedDescription)")
    }
}

/// Runs a ceremony step, turning its error into a message.
func ceremonyStep<T>(_ step: () throws(CeremonyError) -> T) throws -> T {
    do { return try step() } catch { throw CommandFailure(error.description) }
}

/// Writes a contributed zkey and prints its contribution hash as snarkjs does.
func write(_ contributed: (zkey: SnarkJSZkey, contribution: PhaseTwoContribution), to path: String) throws {
    try writeAtomically(contributed.zkey.encoded, to: path)
    print(SnarkJSHashFormat.format(contributed.contribution.hash, title: "Contribution Hash: "))
    print("wrote \(path)")
}

/// `rollup ceremony powers-of-tau [make] --power K --out FILE.ptau` and
/// `rollup ceremony powers-of-tau verify FILE.ptau`.
struct CeremonyPowersOfTauCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "powers-of-tau",
        abstract: "Make a development powers of tau (phase 1), or verify one as `snarkjs powersoftau verify` does.",
        subcommands: [CeremonyPowersOfTauMakeCommand.self, CeremonyPowersOfTauVerifyCommand.self],
        defaultSubcommand: CeremonyPowersOfTauMakeCommand.self
    )
}

/// `rollup ceremony powers-of-tau [make] --power K --out FILE.ptau`.
struct CeremonyPowersOfTauMakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "make",
        abstract: "Make a single-party powers of tau (.ptau, prepared for phase 2) for development and tests (the default).",
        discussion: """
        The file is what `snarkjs powersoftau new`, one `contribute` and `prepare phase2` make, with
        secrets from libsodium that are wiped afterwards; `snarkjs powersoftau verify` accepts it.
        Whoever runs it knows τ: for a deployment use a public ceremony's file instead (see the README).
        A circuit whose domain is 2^k needs power k (k + 1 past a domain of 2^14); the production blocks need 19.
        """
    )

    @Option(help: "The power: the file serves circuits of up to 2^(power-1) constraints plus inputs (1 … 27).")
    var power: Int

    @Option(help: "Where to write the .ptau.")
    var out: String

    @Option(help: "The contribution's name (at most 64 characters).")
    var name: String = "rollup powers-of-tau"

    func run() throws {
        let start = Date()
        let ptau = try ceremonyStep { () throws(CeremonyError) in
            try PowersOfTau.generate(power: power, name: name) { printError("powers-of-tau: \($0)") }
        }
        try writeAtomically(ptau.encoded, to: out)
        print("wrote \(out): power \(power), one contribution, prepared for phase 2 (\(String(format: "%.1f", Date().timeIntervalSince(start))) s)")
    }
}

/// `rollup ceremony powers-of-tau verify FILE.ptau`.
struct CeremonyPowersOfTauVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a .ptau: every contribution, and that its points are powers of one τ (Lagrange sections included).",
        discussion: "As `snarkjs powersoftau verify`. Exits 0 when all hold; otherwise exits 1 naming the first contribution or section that fails."
    )

    @Argument(help: "The .ptau to check.")
    var file: String

    func run() throws {
        let start = Date()
        let report = try verifiedPowersOfTau(try readPowersOfTau(file))
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        print("\(file) is valid: power \(report.power), \(report.contributions.count) contribution(s), each verified\(report.preparedForPhaseTwo ? ", prepared for phase 2" : " (not prepared for phase 2)") (\(seconds) s)")
    }
}

/// `ptau` verified (``PowersOfTauVerifier``), each contribution printed with its response hash.
func verifiedPowersOfTau(_ ptau: PowersOfTau) throws -> PowersOfTauVerifier.Report {
    let report = try ceremonyStep { () throws(CeremonyError) in try PowersOfTauVerifier.verify(ptau) }
    for (index, contribution) in report.contributions.enumerated() {
        var title = "phase-1 contribution #\(index + 1) \(contribution.name ?? "")"
        if let beacon = contribution.beacon { title += " (beacon \(beacon.hash.hexString), 2^\(beacon.iterationsExponent) iterations)" }
        if let hash = contribution.responseHash { print(SnarkJSHashFormat.format(hash, title: title + ":")) }
    }
    return report
}

/// `rollup ceremony new --ptau FILE --circuit T --out 0000.zkey`.
struct CeremonyNewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a circuit's initial zkey from a prepared .ptau, as `snarkjs zkey new` does, byte for byte."
    )

    @Option(help: "The powers of tau, prepared for phase 2 (sections 12–15).")
    var ptau: String

    @OptionGroup var circuit: CeremonyCircuitOptions

    @Option(help: "Where to write the initial zkey.")
    var out: String

    func run() throws {
        let ptau = try readPowersOfTau(self.ptau)
        let phaseOne = try verifiedPowersOfTau(ptau)
        print("\(self.ptau) is valid: \(phaseOne.contributions.count) phase-1 contribution(s), each verified")
        let (r1cs, name) = try circuit.load()
        let zkey = try ceremonyStep { () throws(CeremonyError) in try ZkeyInitializer.zkey(ptau: ptau, r1cs: r1cs) }
        try writeAtomically(zkey.encoded, to: out)
        let parameters: PhaseTwoParameters
        do { parameters = try PhaseTwoParameters(zkey: zkey) } catch { throw CommandFailure("internal error: \(error)") }
        print(SnarkJSHashFormat.format(parameters.circuitHash, title: "Circuit Hash: "))
        print("wrote \(out): \(name), \(r1cs.constraintCount) constraints, domain \(zkey.domainSize), no contributions")
    }
}

/// `rollup ceremony contribute --in A.zkey --out B.zkey --name NAME`.
struct CeremonyContributeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contribute",
        abstract: "Add a contribution to a zkey, with a secret from libsodium that is wiped afterwards.",
        discussion: "Prints the contribution hash as snarkjs prints it; publish it, so that others can find your contribution in the final key."
    )

    @Option(name: .customLong("in"), help: "The zkey to contribute to.")
    var input: String

    @Option(help: "Where to write the new zkey.")
    var out: String

    @Option(help: "Your name, recorded in the key (at most 64 characters).")
    var name: String

    func run() throws {
        let zkey = try readZkey(input)
        try write(try ceremonyStep { () throws(CeremonyError) in try PhaseTwo.contribute(to: zkey, name: name) }, to: out)
    }
}

/// `rollup ceremony beacon --in A.zkey --out B.zkey --hash HEX --iterations N`.
struct CeremonyBeaconCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "beacon",
        abstract: "Add a final contribution derived from a public random value, as `snarkjs zkey beacon` does.",
        discussion: "The secret comes from HEX hashed 2^N times with SHA-256, so anyone can recompute it; use a value nobody could know in advance."
    )

    @Option(name: .customLong("in"), help: "The zkey to finish.")
    var input: String

    @Option(help: "Where to write the final zkey.")
    var out: String

    @Option(help: "The beacon value in hex (1 … 255 bytes).")
    var hash: String

    @Option(help: "N: the value is hashed 2^N times (10 … 63, as snarkjs's numIterationsExp).")
    var iterations: Int

    @Option(help: "The contribution's name (at most 64 characters).")
    var name: String = "final beacon"

    func validate() throws {
        guard let bytes = [UInt8](hex: hash), !bytes.isEmpty, bytes.count < 256, !hash.hasPrefix("0x") else {
            throw ValidationError("--hash must be 1 to 255 bytes of hex digits, without 0x")
        }
        if !(10...63).contains(iterations) { throw ValidationError("--iterations must be 10 … 63") }
    }

    func run() throws {
        let zkey = try readZkey(input)
        let bytes = [UInt8](hex: hash) ?? []
        try write(try ceremonyStep { () throws(CeremonyError) in
            try PhaseTwo.beacon(to: zkey, hash: bytes, iterationsExponent: iterations, name: name)
        }, to: out)
    }
}

/// `rollup ceremony verify --ptau FILE --circuit T --zkey Z`.
struct CeremonyVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the ptau (as `powers-of-tau verify`), then a zkey against the circuit and the ptau and every contribution in it, as `snarkjs zkey verify` does.",
        discussion: "Exits 0 when all hold; otherwise exits 1 naming the first contribution (or part of the key) that fails."
    )

    @Option(help: "The powers of tau the ceremony started from.")
    var ptau: String

    @OptionGroup var circuit: CeremonyCircuitOptions

    @Option(help: "The zkey to check.")
    var zkey: String

    func run() throws {
        let ptau = try readPowersOfTau(self.ptau)
        let phaseOne = try verifiedPowersOfTau(ptau)
        print("\(self.ptau) is valid: \(phaseOne.contributions.count) phase-1 contribution(s), each verified")
        let (r1cs, name) = try circuit.load()
        let zkey = try readZkey(self.zkey)
        let report = try ceremonyStep { () throws(CeremonyError) in try ZkeyVerifier.verify(zkey: zkey, ptau: ptau, r1cs: r1cs) }
        print(SnarkJSHashFormat.format(report.circuitHash, title: "Circuit Hash: "))
        for (index, contribution) in report.contributions.enumerated() {
            var title = "contribution #\(index + 1) \(contribution.name ?? "")"
            if case .beacon(let hash, let exponent) = contribution.origin {
                title += " (beacon \(hash.hexString), 2^\(exponent) iterations)"
            }
            print(SnarkJSHashFormat.format(contribution.hash, title: title + ":"))
        }
        print("\(self.zkey) is valid for \(name): \(report.contributions.count) contribution(s), each verified")
    }
}

/// `rollup ceremony export-vk --zkey Z --out verification_key.json`.
struct CeremonyExportVKCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-vk",
        abstract: "Write a snarkjs Groth16 .zkey's verifying key as snarkjs JSON (verification_key.json).",
        discussion: "The zkey is read whole and checked: its container, BN254's moduli, every point on its curve, the key's G2 points in their subgroup."
    )

    @Option(help: "The snarkjs Groth16 proving key (.zkey).")
    var zkey: String

    @Option(help: "Where to write verification_key.json.")
    var out: String

    func run() throws {
        let zkey = try readZkey(self.zkey)
        do {
            try SnarkJSFormat.encode(zkey.verifyingKey).write(to: URL(fileURLWithPath: out))
        } catch {
            throw CommandFailure("cannot write \(out): \((error as NSError).localizedDescription)")
        }
        print("wrote \(out): \(zkey.publicCount) public input(s), \(zkey.variableCount) signals, domain \(zkey.domainSize)")
    }
}
