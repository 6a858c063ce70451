import Algebra
import Circuits
import Groth16
import R1CS
import RollupTypes

/// Proves sealed blocks: one call per block, with the proving key of the
/// block's type. Keys are checked against the circuits they must belong to
/// when the prover is made, so a prover with wrong keys refuses to start.
public struct BlockProver: Sendable {
    /// The shape of each block type's circuit.
    public let parameters: [BlockType: BlockCircuitParameters]
    let keys: [BlockType: BlockProvingKey]

    /// Why a prover cannot be made or a block not proved.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case missingKey(BlockType)
        case keyForAnotherCircuit(type: BlockType, expected: String, found: String)

        public var description: String {
            switch self {
            case .missingKey(let type): return "no proving key for \(type) blocks"
            case .keyForAnotherCircuit(let type, let expected, let found):
                return "the \(type) proving key was made for circuit '\(found)', not '\(expected)'; remove the key file and run setup "
                    + "for these parameters (if the circuit's version differs, its blocks use another commitment format: "
                    + "start a new data directory, docs/PROTOCOL.md, \"Blocks\")"
            }
        }
    }

    /// A prover whose circuits all have the same shape.
    public init(keys: [BlockType: ProvingKey], parameters: BlockCircuitParameters) throws {
        try self.init(keys: keys, parameters: Dictionary(uniqueKeysWithValues: BlockType.allCases.map { ($0, parameters) }))
    }

    /// A prover for the block types in `keys`, each checked by the circuit
    /// name (block type and parameters) written into it at setup.
    public init(keys: [BlockType: ProvingKey], parameters: [BlockType: BlockCircuitParameters]) throws {
        try self.init(provingKeys: keys.mapValues(BlockProvingKey.native), parameters: parameters)
    }

    /// A prover for the block types in `provingKeys`, each checked by the
    /// name of the circuit it was made (or, for a zkey, loaded) for.
    public init(provingKeys keys: [BlockType: BlockProvingKey], parameters: [BlockType: BlockCircuitParameters]) throws {
        for (type, key) in keys {
            guard let shape = parameters[type] else { throw Failure.missingKey(type) }
            let expected = Self.circuitName(type, shape)
            guard key.circuit.name == expected else {
                throw Failure.keyForAnotherCircuit(type: type, expected: expected, found: key.circuit.name)
            }
        }
        self.keys = keys
        self.parameters = parameters
    }

    /// The circuits the keys were made for.
    public var circuits: [BlockType: CircuitDescription] { keys.mapValues(\.circuit) }

    /// The verifying keys of the proving keys.
    public var verifyingKeys: [BlockType: VerifyingKey] { keys.mapValues(\.verifyingKey) }

    /// The hash of each verifying key (``KeyFile/verifyingKeyHash(_:circuit:)``),
    /// which binds the keys to a chain (``RollupStore/bindKeys(_:)``).
    public var keyHashes: [BlockType: String] { keys.mapValues(\.hash) }

    /// Whether each key is a development key or a ceremony's.
    public var keySetups: [BlockType: KeySetup] { keys.mapValues(\.setup) }

    /// The circuit name a key for `type` and `parameters` carries.
    public static func circuitName(_ type: BlockType, _ parameters: BlockCircuitParameters) -> String {
        BlockCircuits.name(type, parameters)
    }

    /// The constraint system of `type`'s circuit (for setup).
    public static func r1cs(_ type: BlockType, _ parameters: BlockCircuitParameters) throws -> R1CS {
        try R1CS(BlockCircuits.circuit(type, parameters))
    }

    /// The full assignment of `block`'s circuit, in the variable order of
    /// ``r1cs(_:_:)`` (for `rollup circuits export --sample`).
    public static func witness(of block: SealedBlock, _ parameters: BlockCircuitParameters) throws -> WitnessAssignment {
        try WitnessAssignment(BlockCircuits.circuit(for: block, parameters))
    }

    /// A development setup (single party, not a ceremony) for `type`.
    public static func developmentKey(
        _ type: BlockType, _ parameters: BlockCircuitParameters, progress: ProgressHandler? = nil
    ) throws -> ProvingKey {
        try Setup.developmentSetup(name: circuitName(type, parameters), r1cs: r1cs(type, parameters), progress: progress)
    }

    /// The proof of `block`; its public inputs are `block.publicInputs`.
    public func prove(_ block: SealedBlock, threads: Int = Parallelism.available, progress: ProgressHandler? = nil) throws -> Proof {
        guard let key = keys[block.type], let parameters = parameters[block.type] else { throw Failure.missingKey(block.type) }
        return try key.prove(BlockCircuits.circuit(for: block, parameters), threads: threads, progress: progress)
    }
}
