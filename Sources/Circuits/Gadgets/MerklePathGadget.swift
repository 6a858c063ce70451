import Algebra
import R1CS

/// The root of a binary Poseidon Merkle tree from a leaf, its index bits and
/// siblings: the twin of ``MerklePath`` in StateKeeper. Per level, the
/// left child is selected with one constraint (left = node + bit·(sibling −
/// node)) and the right one is the free linear remainder (node + sibling −
/// left), then hashed.
///
/// Cost: depth · (1 + 240) constraints; 5,784 at depth 24. The index bits
/// must be constrained boolean by the caller (they usually come from a
/// decomposition of the account id).
public enum MerklePathGadget {
    public static func root<CS: ConstraintSystem>(
        leaf: LinearCombination, indexBits: [Variable], siblings: [Variable], _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        precondition(indexBits.count == siblings.count, "one index bit per sibling")
        var node = leaf
        for (level, (bit, sibling)) in zip(indexBits, siblings).enumerated() {
            let difference = LinearCombination(sibling) - node
            var leftValue: Fr?
            if let b = cs.value(of: bit), let n = cs.value(of: node), let d = cs.value(of: difference) {
                leftValue = n + b * d
            }
            let left = try cs.allocate("\(name) level \(level) left", value: leftValue)
            cs.enforce("\(name) level \(level) select", LinearCombination(bit), difference, LinearCombination(left) - node)
            let right = node + sibling - left
            node = try PoseidonGadget.hash([LinearCombination(left), right], &cs, "\(name) level \(level) hash")
        }
        return node
    }
}
