import Algebra
import R1CS

/// The end of a transfer or exit block: the block's total fee credited to
/// the fee account (id 0), as the state keeper does once per block.
/// Cost: 2 leaves (594) + 129 (no overflow) + an update with constant index bits (2 · 297 per level + 1).
enum FeeCreditGadget {
    static func credit<CS: ConstraintSystem>(
        _ fee: LinearCombination, account witness: AccountWitness?, root: LinearCombination, treeDepth: Int,
        _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        let account = try AllocatedAccount(witness, treeDepth: treeDepth, &cs, name)
        let oldLeaf = try account.leaf(balance: account.balance, nonce: account.nonce, &cs, "\(name) old leaf")
        let newBalance = account.balance + fee
        try BitsGadget.enforceRange(newBalance, bits: 128, &cs, "\(name) balance fits 128 bits")
        let newLeaf = try account.leaf(balance: newBalance, nonce: account.nonce, &cs, "\(name) new leaf")
        return try MerklePathGadget.update(
            oldLeaf: oldLeaf, newLeaf: newLeaf, indexBits: [LinearCombination](repeating: .zero, count: treeDepth),
            siblings: account.siblings, root: root, enabled: nil, &cs, name)
    }
}
