import Algebra
import R1CS

/// The root of the 4-ary Poseidon account tree from a leaf, its index bits
/// (2 per level, low bit first) and siblings (3 per level, the other
/// children in order): the twin of ``MerklePath`` in RollupTypes.
///
/// Per level, with the node's position p = b₀ + 2b₁, the four children are
/// placed with 5 constraints: e = b₀·b₁; c₀ = s₁ + [p = 0]·(node − s₁) and
/// c₃ = s₃ + e·(node − s₃), where [p = 0] = 1 − b₀ − b₁ + e is linear;
/// c₁ = s₂ + [p = 0]·(s₁ − s₂) + [p = 1]·(node − s₂) (2); and c₂ is the free
/// remainder node + s₁ + s₂ + s₃ − c₀ − c₁ − c₃. Then Poseidon(c₀, c₁, c₂, c₃).
/// Constant index bits (the fee account's) need no placement constraints.
///
/// Cost: levels · (5 + 297) constraints; 3,624 for the 12 levels of the
/// production tree (a binary tree's path costs 5,784). The index bits must
/// be constrained boolean by the caller (they usually come from a
/// decomposition of the account id).
public enum MerklePathGadget {
    public static func root<CS: ConstraintSystem>(
        leaf: LinearCombination, indexBits: [LinearCombination], siblings: [Variable], _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        precondition(indexBits.count % 2 == 0 && siblings.count == 3 * indexBits.count / 2, "2 index bits and 3 siblings per level")
        var node = leaf
        for level in 0..<(indexBits.count / 2) {
            let label = "\(name) level \(level)"
            let (b0, b1) = (indexBits[2 * level], indexBits[2 * level + 1])
            let (s1, s2, s3) = (LinearCombination(siblings[3 * level]), LinearCombination(siblings[3 * level + 1]), LinearCombination(siblings[3 * level + 2]))
            var children: [LinearCombination]
            if let low = b0.constantValue, let high = b1.constantValue {
                children = [s1, s2, s3]
                children.insert(node, at: (low.isZero ? 0 : 1) + (high.isZero ? 0 : 2))
            } else {
                let both = LinearCombination(try cs.multiply("\(label) b0*b1", b0, b1))
                let atZero = LinearCombination(constant: .one) - b0 - b1 + both
                let atOne = b0 - both
                let c0 = s1 + LinearCombination(try cs.multiply("\(label) c0", atZero, node - s1))
                let c3 = s3 + LinearCombination(try cs.multiply("\(label) c3", both, node - s3))
                let c1 = s2 + LinearCombination(try cs.multiply("\(label) c1 from s1", atZero, s1 - s2))
                    + LinearCombination(try cs.multiply("\(label) c1 from node", atOne, node - s2))
                let c2 = node + s1 + s2 + s3 - c0 - c1 - c3
                children = [c0, c1, c2.simplified, c3]
            }
            node = try PoseidonGadget.hash(children, &cs, "\(label) hash")
        }
        return node
    }

    /// One leaf write: checks that `oldLeaf` sits at the index under `root`
    /// and returns the root with `newLeaf` there (the siblings are the same
    /// before and after). With `enabled` (a boolean) at 0 the check is off
    /// and `root` is returned unchanged, so a padding slot can carry any
    /// witness and still changes nothing.
    ///
    /// Cost: two paths (7,248 in the production tree) plus 1, or plus 2 when gated.
    public static func update<CS: ConstraintSystem>(
        oldLeaf: LinearCombination, newLeaf: LinearCombination, indexBits: [LinearCombination], siblings: [Variable],
        root: LinearCombination, enabled: Variable?, _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        let oldRoot = try self.root(leaf: oldLeaf, indexBits: indexBits, siblings: siblings, &cs, "\(name) before")
        let newRoot = try self.root(leaf: newLeaf, indexBits: indexBits, siblings: siblings, &cs, "\(name) after")
        guard let enabled else {
            cs.enforceEqual("\(name) old root matches", oldRoot, root)
            return newRoot
        }
        cs.enforce("\(name) old root matches", LinearCombination(enabled), oldRoot - root, .zero)
        return LinearCombination(try cs.select("\(name) new root", condition: enabled, newRoot, root))
    }
}
