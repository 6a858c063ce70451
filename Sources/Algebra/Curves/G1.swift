/// BN254's G1: y² = x³ + 3 over Fq, generator (1, 2). The cofactor is 1, so
/// every point on the curve is in the group.
public enum G1Curve: CurveParameters {
    public typealias Base = Fq
    @inlinable public static var b: Fq { Fq(3) }
    public static let generator = AffinePoint<G1Curve>(x: Fq(1), y: Fq(2))
    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<G1Curve>) -> Bool { true }
}

/// A G1 point in affine coordinates.
public typealias G1Affine = AffinePoint<G1Curve>
/// A G1 point in Jacobian coordinates.
public typealias G1Projective = JacobianPoint<G1Curve>
