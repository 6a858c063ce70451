import Algebra
import ArgumentParser
import Circuits
import Foundation
import Groth16
import R1CS

/// `rollup groth16 …`: the proving system on its own.
struct Groth16Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "groth16",
        abstract: "Groth16 on BN254: a sample proof, and verification of snarkjs files.",
        subcommands: [Groth16SampleCommand.self, Groth16VerifyCommand.self]
    )
}

/// `rollup groth16 sample --constraints N --out DIR`.
struct Groth16SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Set up, prove and verify a synthetic circuit; write snarkjs JSON files.",
        discussion: """
        Builds a chain of x^5 S-box rounds of about N constraints, runs a
        single-party development setup (NOT a ceremony: its secrets exist, briefly,
        in this process), proves and verifies, and writes verification_key.json,
        proof.json and public.json to DIR. Any snarkjs-compatible verifier checks them.
        """
    )

    @Option(help: "About how many constraints the circuit has.")
    var constraints: Int = 1000

    @Option(help: "The directory to write the files to (created if missing).")
    var out: String

    @Option(help: "The circuit's starting value (a decimal field element).")
    var input: String = "3"

    @Flag(help: "Also write the binary keys proving_key.bin and verifying_key.bin.")
    var writeKeys = false

    func validate() throws {
        if constraints < 4 { throw ValidationError("--constraints must be at least 4") }
        if constraints > 1 << 26 { throw ValidationError("--constraints must be at most 2^26") }
    }

    func run() throws {
        let start = try Fr(decimal: input)
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let circuit = SBoxChainCircuit(constraints: constraints, input: start)
        let r1cs = try R1CS(SBoxChainCircuit(constraints: constraints, input: nil))
        printError("circuit \(circuit.name): \(r1cs.constraintCount) constraints, \(r1cs.variableCount) variables, \(r1cs.inputCount) public inputs")
        printError("development setup: single-party, its toxic waste is wiped after use. This is not a ceremony; do not use these keys to secure value.")
        let key = try Setup.developmentSetup(name: circuit.name, r1cs: r1cs, progress: progressPrinter("setup"))
        let (proof, inputs) = try Groth16Prover.prove(circuit, key: key, progress: progressPrinter("prove"))
        guard try Groth16Verifier.verify(proof, inputs: inputs, key: PreparedVerifyingKey(key.verifyingKey)) else {
            throw CommandFailure("internal error: the fresh proof does not verify")
        }
        try SnarkJSFormat.encode(key.verifyingKey).write(to: directory.appendingPathComponent("verification_key.json"))
        try SnarkJSFormat.encode(proof).write(to: directory.appendingPathComponent("proof.json"))
        try SnarkJSFormat.encode(inputs: inputs).write(to: directory.appendingPathComponent("public.json"))
        if writeKeys {
            try KeyFile.write(KeyFile.encode(key), to: directory.appendingPathComponent("proving_key.bin").path)
            try KeyFile.write(KeyFile.encode(key.verifyingKey, circuit: key.circuit), to: directory.appendingPathComponent("verifying_key.bin").path)
        }
        print("proof verified; wrote verification_key.json, proof.json, public.json\(writeKeys ? ", proving_key.bin, verifying_key.bin" : "") to \(out)")
    }
}

/// `rollup groth16 verify`.
struct Groth16VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a snarkjs proof.json and public.json against a verification_key.json.",
        discussion: "Exits 0 when the proof is valid, 1 when it is not, and 2 when a file cannot be read."
    )

    @Option(help: "verification_key.json (snarkjs format).")
    var vk: String
    @Option(help: "proof.json (snarkjs format).")
    var proof: String
    @Option(name: .customLong("public"), help: "public.json (snarkjs format).")
    var publicInputs: String

    func run() throws {
        do {
            let key = try SnarkJSFormat.decodeVerifyingKey(try readFile(vk))
            let parsedProof = try SnarkJSFormat.decodeProof(try readFile(proof))
            let inputs = try SnarkJSFormat.decodeInputs(try readFile(publicInputs))
            let valid = try Groth16Verifier.verify(parsedProof, inputs: inputs, key: PreparedVerifyingKey(key))
            print(valid ? "valid" : "invalid")
            if !valid { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
    }
}
