import Algebra
import Primitives

/// The path from a leaf to the root of the 4-ary account tree: per level,
/// bottom first, the three other children in child order. Digit k of the
/// index (bits 2k and 2k + 1) is the leaf's ancestor's position among its
/// siblings at level k.
public struct MerklePath: Equatable, Sendable {
    public let index: UInt32
    /// 3 per level.
    public let siblings: [Fr]

    public init(index: UInt32, siblings: [Fr]) {
        precondition(siblings.count.isMultiple(of: 3), "a 4-ary path has 3 siblings per level")
        self.index = index
        self.siblings = siblings
    }

    /// The root reached from `leaf` along this path.
    public func root(from leaf: Fr) -> Fr {
        var node = leaf
        for level in 0..<(siblings.count / 3) {
            let position = Int((index >> UInt32(2 * level)) & 3)
            var children = Array(siblings[(3 * level)..<(3 * level + 3)])
            children.insert(node, at: position)
            node = Poseidon.hash(children[0], children[1], children[2], children[3])
        }
        return node
    }
}
