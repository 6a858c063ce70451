import RollupTypes

/// The sizes a block circuit is built for: they fix its constraint system,
/// so keys made for one set of parameters prove only blocks of that shape.
public struct BlockCircuitParameters: Equatable, Sendable {
    /// The account tree's depth in index bits (24 in production: 12 levels of 4).
    public var treeDepth: Int
    /// Slots per block, padding included.
    public var capacity: Int

    public init(treeDepth: Int, capacity: Int) {
        precondition((2...24).contains(treeDepth) && treeDepth.isMultiple(of: 2), "account ids are 24 bits and levels take 2: the tree depth is even, 2 ... 24")
        precondition(capacity >= 1, "a block has at least one slot")
        self.treeDepth = treeDepth
        self.capacity = capacity
    }

    /// The shape of `chain`'s blocks of `type`.
    public init(_ chain: ChainParameters, _ type: BlockType) {
        self.init(treeDepth: chain.treeDepth, capacity: chain.slots(type))
    }

    /// The production shape of `type`'s blocks: depth 24, and 8 slots for
    /// transfers and deposits, 7 for exits (``ChainParameters/production``).
    public static func production(_ type: BlockType) -> BlockCircuitParameters {
        BlockCircuitParameters(.production, type)
    }
}
