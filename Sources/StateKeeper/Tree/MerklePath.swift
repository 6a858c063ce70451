import Algebra
import Primitives

/// The siblings from a leaf up to the root, bottom first; bit i of the index
/// says whether the node at level i is a right child.
public struct MerklePath: Equatable, Sendable {
    public let index: UInt32
    public let siblings: [Fr]

    public init(index: UInt32, siblings: [Fr]) {
        self.index = index
        self.siblings = siblings
    }

    /// The root reached from `leaf` along this path.
    public func root(from leaf: Fr) -> Fr {
        var node = leaf
        for (level, sibling) in siblings.enumerated() {
            node = (index >> UInt32(level)) & 1 == 0 ? Poseidon.hash(node, sibling) : Poseidon.hash(sibling, node)
        }
        return node
    }
}

