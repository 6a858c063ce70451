import Algebra
import Primitives
import R1CS
import RollupTypes

/// An account as a slot's witness sees it before a write: the leaf's fields
/// and the path's siblings. An empty slot (a deposit's new account) has
/// the new key, balance 0 and nonce 0.
public struct AccountWitness: Sendable {
    public var x: Fr
    public var y: Fr
    public var balance: UInt128
    public var nonce: UInt32
    public var siblings: [Fr]

    /// The state before `update`.
    public init(before update: AccountUpdate) {
        let account = update.before ?? Account(publicKey: update.after.publicKey)
        x = account.publicKey.x
        y = account.publicKey.y
        balance = account.balance
        nonce = account.nonce
        siblings = update.path.siblings
    }

    /// Padding: Base8 as the key (so a gated signature check still has a
    /// valid base), nothing else.
    public init(paddingForTreeDepth depth: Int) {
        (x, y) = BabyJubJubPoint.base8.affine
        balance = 0
        nonce = 0
        siblings = [Fr](repeating: .zero, count: 3 * depth / 2)
    }
}

/// A slot's EdDSA-Poseidon signature: allocated, and checked on `message`
/// under `key` when the slot is real. Cost: 3 + 4,711.
public enum SlotSignature {
    public static func enforce<CS: ConstraintSystem>(
        _ witness: (r8x: Fr, r8y: Fr, s: Fr)?, message: LinearCombination, key: PointExpression, real: Variable,
        _ cs: inout CS, _ name: String
    ) throws {
        let r8 = PointExpression(
            x: LinearCombination(try cs.allocate("\(name) R8x", value: witness?.r8x)),
            y: LinearCombination(try cs.allocate("\(name) R8y", value: witness?.r8y)))
        let s = LinearCombination(try cs.allocate("\(name) S", value: witness?.s))
        try EdDSAGadget.enforceValid(message: message, publicKey: key, r8: r8, s: s, enabled: LinearCombination(real), &cs, "\(name) signature")
    }
}

/// An account's witness allocated in a constraint system.
public struct AllocatedAccount {
    public var publicKey: PointExpression
    public var balance: LinearCombination
    public var nonce: LinearCombination
    public var siblings: [Variable]

    /// Allocates the fields of `witness` (nil in setup mode).
    public init<CS: ConstraintSystem>(_ witness: AccountWitness?, treeDepth: Int, _ cs: inout CS, _ name: String) throws {
        publicKey = PointExpression(
            x: LinearCombination(try cs.allocate("\(name) Ax", value: witness?.x)),
            y: LinearCombination(try cs.allocate("\(name) Ay", value: witness?.y)))
        balance = LinearCombination(try cs.allocate("\(name) balance", value: witness.map { Fr($0.balance) }))
        nonce = LinearCombination(try cs.allocate("\(name) nonce", value: witness.map { Fr(UInt64($0.nonce)) }))
        siblings = try (0..<(3 * treeDepth / 2)).map { index in try cs.allocate("\(name) sibling \(index)", value: witness?.siblings[index]) }
    }

    /// The balance after paying `amount` + `fee`, constrained to 128 bits
    /// (so no overdraft, and no amount above 2^128), and the nonce plus the
    /// slot's real bit, constrained to 32 bits. Cost: 129 + 33.
    public func debit<CS: ConstraintSystem>(
        amount: LinearCombination, fee: LinearCombination, real: Variable, _ cs: inout CS, _ name: String
    ) throws -> (balance: LinearCombination, nonce: LinearCombination) {
        let newBalance = balance - amount - fee
        try BitsGadget.enforceRange(newBalance, bits: 128, &cs, "\(name) balance covers amount and fee")
        let newNonce = nonce + real
        try BitsGadget.enforceRange(newNonce, bits: 32, &cs, "\(name) nonce fits 32 bits")
        return (newBalance, newNonce)
    }

    /// The root after this account's leaf, at the path `indexBits` under
    /// `root`, takes `balance` and `nonce` where the slot is real (and stays
    /// where it is padding). Cost: 2 × 297 and the path's update.
    public func updated<CS: ConstraintSystem>(
        balance: LinearCombination, nonce: LinearCombination, indexBits: [Variable], root: LinearCombination, real: Variable,
        _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        try MerklePathGadget.update(
            oldLeaf: try leaf(balance: self.balance, nonce: self.nonce, &cs, "\(name) old leaf"),
            newLeaf: try leaf(balance: balance, nonce: nonce, &cs, "\(name) new leaf"),
            indexBits: indexBits.map { LinearCombination($0) }, siblings: siblings, root: root, enabled: real, &cs, name)
    }

    /// The leaf with `balance` and `nonce` replaced. Cost: 297.
    public func leaf<CS: ConstraintSystem>(balance: LinearCombination, nonce: LinearCombination, _ cs: inout CS, _ name: String) throws -> LinearCombination {
        try AccountLeafGadget.leaf(publicKey: publicKey, balance: balance, nonce: nonce, &cs, name)
    }
}
