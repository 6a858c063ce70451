import Algebra
import R1CS

/// An account leaf in constraints, the twin of `Account.leaf`:
/// Poseidon(Ax, Ay, balance, nonce). Cost: 297 constraints.
public enum AccountLeafGadget {
    public static func leaf<CS: ConstraintSystem>(
        publicKey: PointExpression, balance: LinearCombination, nonce: LinearCombination, _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        try PoseidonGadget.hash([publicKey.x, publicKey.y, balance, nonce], &cs, name)
    }
}
