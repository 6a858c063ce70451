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
/// so no alias); S·Base8 = R8 + h·(8·A). A is taken as given: it comes from
/// an account leaf, and keys are checked before they enter the tree.
///
/// Cost: 6,659 constraints (pinned by the tests; circomlib's
/// EdDSAPoseidonVerifier takes 4,217, which a windowed variable-base
/// multiplication would approach).
public enum EdDSAGadget {
    public static func enforceValid<CS: ConstraintSystem>(
        message: LinearCombination, publicKey: PointExpression, r8: PointExpression, s: LinearCombination,
        _ cs: inout CS, _ name: String
    ) throws {
        let sBits = try BitsGadget.decompose(s, bits: 253, &cs, "\(name) S")
        try ComparisonGadget.enforceLessThan(sBits, constant: BabyJubJubPoint.subgroupOrderInteger, &cs, "\(name) S < l")
        try BabyJubJubGadget.enforceOnCurve(r8, &cs, "\(name) R8")

        let h = try PoseidonGadget.hash([r8.x, r8.y, publicKey.x, publicKey.y, message], &cs, "\(name) h")
        let hBits = try BitsGadget.canonicalBits(h, &cs, "\(name) h")

        var eightA = publicKey
        for step in 0..<3 { eightA = try BabyJubJubGadget.add(eightA, eightA, &cs, "\(name) 8A step \(step)") }
        let hA = try BabyJubJubGadget.multiply(eightA, bits: hBits, &cs, "\(name) h*8A")
        let right = try BabyJubJubGadget.add(r8, hA, &cs, "\(name) R8 + h*8A")
        let left = try BabyJubJubGadget.multiply(constant: BabyJubJubPoint.base8, bits: sBits, &cs, "\(name) S*B8")
        cs.enforceEqual("\(name) x matches", left.x, right.x)
        cs.enforceEqual("\(name) y matches", left.y, right.y)
    }
}
