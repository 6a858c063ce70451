import Algebra

/// circomlibjs' verifyPoseidon, stricter where the issue asks: S below l
/// (checked when the signature is made), R8 on the curve and in the prime
/// subgroup, and S·Base8 = R8 + (8·Poseidon(R8x, R8y, Ax, Ay, msg))·A.
///
/// R8's subgroup membership needs no separate check: A is in the subgroup
/// (checked when the key is made), so S·Base8 − (8·hm)·A is, and the
/// equality holds only if R8 is that point.
public enum EdDSAVerifier {
    /// Whether `signature` signs `message` under `key`.
    public static func verify(_ message: Fr, signature: EdDSASignature, key: EdDSAPublicKey) -> Bool {
        let (rx, ry) = signature.r8.affine
        guard let hm = try? Poseidon.hash([rx, ry, key.x, key.y, message]) else { return false }
        let left = BabyJubJubFixedBase.multiply(signature.s.integer)
        let right = signature.r8 + key.point.multiplied(by: hm.integer * GMPInteger(8))
        return left == right
    }
}
