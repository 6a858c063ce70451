import R1CS
import RollupTypes

/// A transaction kind that has a block slot: the kind names it, in the
/// slot's own file (`extension Transfer: SlottedKind`).
public protocol SlottedKind: TransactionKind {
    associatedtype Slot: BlockSlot where Slot.Kind == Self
}

/// The block circuit of each block type, found through
/// ``TransactionKinds``: `BlockCircuit<Kind.Slot>` for the kind sealed in
/// blocks of that type. The prover, the key set and the circuit inventory
/// ask here instead of naming the circuits.
public enum BlockCircuits {
    /// The circuit of `type` without a witness (setup, names, sizes).
    public static func circuit(_ type: BlockType, _ parameters: BlockCircuitParameters) -> any Circuit & Sendable {
        withoutWitness(slotted(type), parameters)
    }

    /// The circuit of `block`'s type with `block`'s witness.
    public static func circuit(for block: SealedBlock, _ parameters: BlockCircuitParameters) throws -> any Circuit & Sendable {
        try withWitness(slotted(block.type), block, parameters)
    }

    /// The name a key for `type` and `parameters` carries ("transfer-v3-d24-c8").
    public static func name(_ type: BlockType, _ parameters: BlockCircuitParameters) -> String {
        circuit(type, parameters).name
    }

    /// The kind of `type`, which every listed kind's slot makes a `SlottedKind`
    /// (BlockCircuitTests checks each).
    static func slotted(_ type: BlockType) -> any SlottedKind.Type {
        guard let kind = TransactionKinds.kind(of: type) as? any SlottedKind.Type else {
            preconditionFailure("the \(type) kind has no block slot: declare `extension Kind: SlottedKind` in its slot's file")
        }
        return kind
    }

    private static func withoutWitness<K: SlottedKind>(_ kind: K.Type, _ parameters: BlockCircuitParameters) -> any Circuit & Sendable {
        BlockCircuit<K.Slot>(parameters: parameters)
    }

    private static func withWitness<K: SlottedKind>(
        _ kind: K.Type, _ block: SealedBlock, _ parameters: BlockCircuitParameters
    ) throws -> any Circuit & Sendable {
        try BlockCircuit<K.Slot>(block: block, parameters: parameters)
    }
}
