import Algebra
import ArgumentParser
import BlockSamples
import Circuits
import Foundation
import Groth16
import Prover
import R1CS
import RollupTypes

/// `rollup circuits export --type T --out DIR [--sample] [--tree-depth D] [--block-size N]`.
struct CircuitsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a block circuit as circom's circuit.r1cs, and with --sample a sample block's witness.wtns and public.json.",
        discussion: """
        circuit.r1cs is iden3's binary R1CS, version 1 (BN254's r; wire 0 the constant one,
        then the public inputs: old root, new root, commitment; then the private wires), which snarkjs,
        rapidsnark and arkworks' circom reader load. With --sample, a block of the type is
        sealed on a small random state with every slot real, and its full assignment is
        written as witness.wtns (iden3's binary witness, version 2) with public.json
        (snarkjs JSON). scripts/check_r1cs_witness.py checks the pair with Python alone.
        """
    )

    @Option(help: "The block type: transfer, deposit or exit.")
    var type: BlockType

    @Option(help: "The directory to write the files to (created if missing).")
    var out: String

    @Flag(help: "Also write witness.wtns and public.json for a full sample block.")
    var sample = false

    @Option(help: "The account tree's depth (production: 24; even, 2 … 24).")
    var treeDepth: Int = ChainParameters.production.treeDepth

    @Option(help: "Slots per block (1 … 64; default: production's, 8 for transfers and deposits, 7 for exits).")
    var blockSize: Int?

    func validate() throws {
        if !(2...24).contains(treeDepth) || !treeDepth.isMultiple(of: 2) { throw ValidationError("--tree-depth must be even, 2 … 24") }
        if let blockSize, !(1...64).contains(blockSize) { throw ValidationError("--block-size must be 1 … 64") }
    }

    func run() async throws {
        let parameters = BlockCircuitParameters(treeDepth: treeDepth, capacity: blockSize ?? ChainParameters.production.slots(type))
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let r1cs = try BlockProver.r1cs(type, parameters)
        try Data(r1cs.iden3Binary).write(to: directory.appendingPathComponent("circuit.r1cs"))
        var written = ["circuit.r1cs"]
        if sample {
            let block = try await SampleBlock.seal(type, parameters: parameters, real: parameters.capacity).block
            let witness = try BlockProver.witness(of: block, parameters)
            if let broken = witness.firstUnsatisfied {
                throw CommandFailure("internal error: the sample block's witness breaks constraint \(broken)")
            }
            try Data(witness.iden3Binary).write(to: directory.appendingPathComponent("witness.wtns"))
            try SnarkJSFormat.encode(inputs: witness.inputs).write(to: directory.appendingPathComponent("public.json"))
            written += ["witness.wtns", "public.json"]
        }
        print("\(BlockProver.circuitName(type, parameters)): \(r1cs.constraintCount) constraints, \(r1cs.variableCount) wires; wrote \(written.joined(separator: ", ")) to \(out)")
    }
}
