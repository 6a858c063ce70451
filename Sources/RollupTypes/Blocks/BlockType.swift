/// The kinds of block; each has its own circuit.
public enum BlockType: String, Sendable, CaseIterable {
    case transfer, deposit, exit
}
