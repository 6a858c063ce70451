import Algebra
import Primitives
import R1CS
import StateKeeper

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
    init(before update: AccountUpdate) {
        let account = update.before ?? Account(publicKey: update.after.publicKey)
        x = account.publicKey.x
        y = account.publicKey.y
        balance = account.balance
        nonce = account.nonce
        siblings = update.path.siblings
    }

    /// Padding: Base8 as the key (so a gated signature check still has a
    /// valid base), nothing else.
    init(paddingForTreeDepth depth: Int) {
        (x, y) = BabyJubJubPoint.base8.affine
        balance = 0
        nonce = 0
        siblings = [Fr](repeating: .zero, count: 3 * depth / 2)
    }
}

/// An account's witness allocated in a constraint system.
struct AllocatedAccount {
    var publicKey: PointExpression
    var balance: LinearCombination
    var nonce: LinearCombination
    var siblings: [Variable]

    /// Allocates the fields of `witness` (nil in setup mode).
    init<CS: ConstraintSystem>(_ witness: AccountWitness?, treeDepth: Int, _ cs: inout CS, _ name: String) throws {
        publicKey = PointExpression(
            x: LinearCombination(try cs.allocate("\(name) Ax", value: witness?.x)),
            y: LinearCombination(try cs.allocate("\(name) Ay", value: witness?.y)))
        balance = LinearCombination(try cs.allocate("\(name) balance", value: witness.map { Fr($0.balance) }))
        nonce = LinearCombination(try cs.allocate("\(name) nonce", value: witness.map { Fr(UInt64($0.nonce)) }))
        siblings = try (0..<(3 * treeDepth / 2)).map { index in try cs.allocate("\(name) sibling \(index)", value: witness?.siblings[index]) }
    }

    /// The leaf with `balance` and `nonce` replaced. Cost: 297.
    func leaf<CS: ConstraintSystem>(balance: LinearCombination, nonce: LinearCombination, _ cs: inout CS, _ name: String) throws -> LinearCombination {
        try AccountLeafGadget.leaf(publicKey: publicKey, balance: balance, nonce: nonce, &cs, name)
    }
}
