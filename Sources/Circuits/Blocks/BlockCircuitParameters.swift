/// The sizes a block circuit is built for: they fix its constraint system,
/// so keys made for one set of parameters prove only blocks of that shape.
public struct BlockCircuitParameters: Equatable, Sendable {
    /// The account tree's depth (24 in production).
    public var treeDepth: Int
    /// Slots per block, padding included.
    public var capacity: Int

    public init(treeDepth: Int, capacity: Int) {
        precondition((1...24).contains(treeDepth), "account ids are 24 bits, so the tree depth is 1 ... 24")
        precondition(capacity >= 1, "a block has at least one slot")
        self.treeDepth = treeDepth
        self.capacity = capacity
    }

    /// The production shape: depth 24, 8 slots (every block type).
    public static let production = BlockCircuitParameters(treeDepth: 24, capacity: 8)
}
