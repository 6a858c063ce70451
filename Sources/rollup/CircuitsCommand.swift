import Algebra
import ArgumentParser
import BlockSamples
import Circuits
import Foundation
import Groth16
import Prover
import RollupTypes

/// `rollup circuits …`: the block circuits.
struct CircuitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "circuits",
        abstract: "Sizes of the block circuits, and sample blocks proved end to end.",
        subcommands: [CircuitsInfoCommand.self, CircuitsProveSampleCommand.self, CircuitsExportCommand.self]
    )
}

/// The circuit shape options both subcommands take.
struct CircuitShapeOptions: ParsableArguments {
    @Option(help: "The account tree's depth (production: 24).")
    var depth: Int = ChainParameters.production.treeDepth

    @Option(help: "Slots per block, for every block type (default: production's, 8 for transfers and deposits, 7 for exits).")
    var capacity: Int?

    func validate() throws {
        if !(2...24).contains(depth) || !depth.isMultiple(of: 2) { throw ValidationError("--depth must be even, 2 to 24 (index bits; 2 per level of four)") }
        if let capacity, !(1...64).contains(capacity) { throw ValidationError("--capacity must be 1 to 64") }
    }

    /// The chain these options describe.
    var chain: ChainParameters {
        get throws {
            try ChainParameters(treeDepth: depth, blockSizes: ChainParameters.production.blockSizes.mapValues { capacity ?? $0 })
        }
    }

    /// The shape of `type`'s circuit.
    func parameters(_ type: BlockType) throws -> BlockCircuitParameters { BlockCircuitParameters(try chain, type) }
}

/// `rollup circuits info [--json]`.
struct CircuitsInfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Constraints, variables and public inputs of each block circuit, and the cost of its gadgets."
    )

    @OptionGroup var shape: CircuitShapeOptions

    @Flag(help: "One JSON object per line: {\"kind\": \"circuit\"|\"gadget\", \"name\", \"constraints\", ...}.")
    var json = false

    func run() throws {
        let circuits = try CircuitInventory.blockCircuits(try shape.chain)
        let gadgets = try CircuitInventory.gadgets(treeDepth: shape.depth)
        if json {
            for circuit in circuits {
                print(#"{"kind":"circuit","name":"\#(circuit.name)","constraints":\#(circuit.constraints),"variables":\#(circuit.variables),"public_inputs":\#(circuit.publicInputs)}"#)
            }
            for gadget in gadgets { print(#"{"kind":"gadget","name":"\#(gadget.name)","constraints":\#(gadget.constraints)}"#) }
            return
        }
        print(Self.columns(["circuit", "constraints", "variables", "inputs"]))
        for circuit in circuits {
            print(Self.columns([circuit.name, String(circuit.constraints), String(circuit.variables), String(circuit.publicInputs)]))
        }
        print("")
        print(Self.columns(["gadget", "constraints"]))
        for gadget in gadgets { print(Self.columns([gadget.name, String(gadget.constraints)])) }
    }
}

extension CircuitsInfoCommand {
    /// A table row: the first column left-aligned in 24 characters, the rest right-aligned in 12.
    static func columns(_ fields: [String]) -> String {
        var line = fields[0].padding(toLength: 24, withPad: " ", startingAt: 0)
        for field in fields.dropFirst() { line += String(repeating: " ", count: max(1, 12 - field.count)) + field }
        return line
    }
}

/// `rollup circuits prove-sample transfer|deposit|exit --out DIR [--real K]`.
struct CircuitsProveSampleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prove-sample",
        abstract: "Seal one block on a small random state, prove it, and write snarkjs files and block.json.",
        discussion: """
        Builds a random state, seals one full block of the given type (--real K real
        transactions, the rest padding), runs a single-party development setup (NOT a
        ceremony), proves and verifies the block, and writes verification_key.json,
        proof.json, public.json and block.json to DIR. block.json holds the header
        fields and the pubdata as hex, from which docs/PROTOCOL.md recomputes the
        commitment; public.json holds the public inputs: old root, new root, commitment, chain id.
        """
    )

    @Argument(help: "The block type: transfer, deposit or exit.")
    var type: BlockType

    @Option(help: "The directory to write the files to (created if missing).")
    var out: String

    @Option(help: "Real transactions in the block, 1 to the capacity (default: all slots).")
    var real: Int?

    @OptionGroup var shape: CircuitShapeOptions

    func validate() throws {
        let capacity = try shape.parameters(type).capacity
        if let real, !(1...capacity).contains(real) { throw ValidationError("--real must be 1 to \(capacity)") }
    }

    func run() async throws {
        let parameters = try shape.parameters(type)
        let block = try await SampleBlock.seal(type, parameters: parameters, real: real ?? parameters.capacity).block
        printError("sealed \(type) block \(block.number): \(block.transactions.filter { $0 != .noop }.count) real, \(parameters.capacity) slots")
        printError("development setup: single-party, its toxic waste is wiped after use. This is not a ceremony; do not use these keys to secure value.")
        let key = try BlockProver.developmentKey(type, parameters, progress: progressPrinter("setup"))
        let proof = try BlockProver(keys: [type: key], parameters: parameters).prove(block, progress: progressPrinter("prove"))
        guard try Groth16Verifier.verify(proof, inputs: block.publicInputs, key: PreparedVerifyingKey(key.verifyingKey)) else {
            throw CommandFailure("internal error: the fresh proof does not verify")
        }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try SnarkJSFormat.encode(key.verifyingKey).write(to: directory.appendingPathComponent("verification_key.json"))
        try SnarkJSFormat.encode(proof).write(to: directory.appendingPathComponent("proof.json"))
        try SnarkJSFormat.encode(inputs: block.publicInputs).write(to: directory.appendingPathComponent("public.json"))
        try BlockHeaderJSON.encode(block).write(to: directory.appendingPathComponent("block.json"))
        print("proof verified; wrote verification_key.json, proof.json, public.json, block.json to \(out)")
    }
}

extension BlockType: ExpressibleByArgument {}
