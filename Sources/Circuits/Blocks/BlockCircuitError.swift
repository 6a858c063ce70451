import RollupTypes

/// Why a sealed block cannot be turned into a circuit witness.
public enum BlockCircuitError: Error, Equatable, CustomStringConvertible {
    /// The block is of another type than the circuit.
    case wrongBlockType(expected: BlockType, found: BlockType)
    /// The block's slot count or tree depth differs from the circuit's parameters.
    case wrongShape(String)
    /// A slot's transaction and its recorded writes do not fit together.
    case malformedSlot(index: Int, reason: String)

    public var description: String {
        switch self {
        case .wrongBlockType(let expected, let found): return "a \(expected) circuit cannot prove a \(found) block"
        case .wrongShape(let detail): return "the block does not fit the circuit's parameters: \(detail)"
        case .malformedSlot(let index, let reason): return "slot \(index) cannot be witnessed: \(reason)"
        }
    }
}
