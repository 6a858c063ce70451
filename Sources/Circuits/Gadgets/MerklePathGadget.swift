import Algebra
import R1CS

/// The root of a binary Poseidon Merkle tree from a leaf, its index bits and
/// siblings: the twin of ``MerklePath`` in StateKeeper. Per level, the
/// left child is selected with one constraint (left = node + bit·(sibling −
/// node)) and the right one is the free linear remainder (node + sibling −
/// left), then hashed; a constant index bit needs no selection.
///
/// Cost: depth · (1 + 240) constraints; 5,784 at depth 24. The index bits
/// must be constrained boolean by the caller (they usually come from a
/// decomposition of the account id).
public enum MerklePathGadget {
    public static func root<CS: ConstraintSystem>(
        leaf: LinearCombination, indexBits: [LinearCombination], siblings: [Variable], _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        precondition(indexBits.count == siblings.count, "one index bit per sibling")
        var node = leaf
        for (level, (bit, sibling)) in zip(indexBits, siblings).enumerated() {
            let left: LinearCombination, right: LinearCombination
            if let constant = bit.constantValue {
                (left, right) = constant.isZero ? (node, LinearCombination(sibling)) : (LinearCombination(sibling), node)
            } else {
                let difference = LinearCombination(sibling) - node
                var leftValue: Fr?
                if let b = cs.value(of: bit), let n = cs.value(of: node), let d = cs.value(of: difference) {
                    leftValue = n + b * d
                }
                let selected = try cs.allocate("\(name) level \(level) left", value: leftValue)
                cs.enforce("\(name) level \(level) select", bit, difference, LinearCombination(selected) - node)
                left = LinearCombination(selected)
                right = node + sibling - left
            }
            node = try PoseidonGadget.hash([left, right], &cs, "\(name) level \(level) hash")
        }
        return node
    }

    /// One leaf write: checks that `oldLeaf` sits at the index under `root`
    /// and returns the root with `newLeaf` there (the siblings are the same
    /// before and after). With `enabled` (a boolean) at 0 the check is off
    /// and `root` is returned unchanged, so a padding slot can carry any
    /// witness and still changes nothing.
    ///
    /// Cost: two paths (11,568 at depth 24) plus 1, or plus 2 when gated.
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
