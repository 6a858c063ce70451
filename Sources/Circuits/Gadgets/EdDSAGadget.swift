import Algebra
import Primitives
import R1CS

/// EdDSA-Poseidon verification in constraints, the twin of
/// ``EdDSAVerifier``: satisfiable exactly when (R8, S) is a valid signature
/// of `message` by A, as circomlibjs' verifyPoseidon and our native
/// verifier accept it.
///
/// Checks: S < l (canonical) via its 253 bits; R8 on the curve;
/// h = Poseidon(R8x, R8y, Ax, Ay, m) through its canonical 254 bits (below r,
/// so no alias); then S·Base8 = R8 + h·(8·A), with both sides shifted by
/// the Montgomery ladder's offset G (left: G folded into the fixed-base
/// table; right: the ladder returns G + h·8A). A is taken as given: it comes
/// from an account leaf, and keys are checked before they enter the tree.
///
/// `enabled` (0 or 1) gates only the final equality, so a padding slot
/// can carry a dummy signature; every other constraint holds for any
/// well-formed witness.
///
/// Cost: 4,711 constraints (pinned by the tests; circomlib's
/// EdDSAPoseidonVerifier takes 4,217): S 254 + 367 (S < l), R8 3,
/// Poseidon(5) 324, h 611, 8·A 18, h·8A 2,286, S·B8 840, R8 + h·8A 6, and
/// the 2 final equalities.
public enum EdDSAGadget {
    public static func enforceValid<CS: ConstraintSystem>(
        message: LinearCombination, publicKey: PointExpression, r8: PointExpression, s: LinearCombination,
        enabled: LinearCombination = LinearCombination(constant: .one), _ cs: inout CS, _ name: String
    ) throws {
        let sBits = try BitsGadget.decompose(s, bits: 253, &cs, "\(name) S")
        try ComparisonGadget.enforceLessThan(sBits, constant: BabyJubJubPoint.subgroupOrderInteger, &cs, "\(name) S < l")
        try BabyJubJubGadget.enforceOnCurve(r8, &cs, "\(name) R8")

        let h = try PoseidonGadget.hash([r8.x, r8.y, publicKey.x, publicKey.y, message], &cs, "\(name) h")
        let hBits = try BitsGadget.canonicalBits(h, &cs, "\(name) h")

        var eightA = publicKey
        for step in 0..<3 { eightA = try BabyJubJubGadget.add(eightA, eightA, &cs, "\(name) 8A step \(step)") }
        let shiftedHA = try MontgomeryGadget.multiply(eightA, bits: hBits, &cs, "\(name) h*8A")
        let right = try BabyJubJubGadget.add(r8, shiftedHA, &cs, "\(name) R8 + h*8A")
        let left = try BabyJubJubGadget.multiply(
            constant: BabyJubJubPoint.base8, bits: sBits, offset: MontgomeryGadget.offset, &cs, "\(name) S*B8")
        cs.enforce("\(name) x matches", enabled, left.x - right.x, .zero)
        cs.enforce("\(name) y matches", enabled, left.y - right.y, .zero)
    }
}
