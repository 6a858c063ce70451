/// BN254's G2, on the D-type sextic twist y² = x³ + 3/(9 + u) over Fq2, with
/// the generator of EIP-197. The twist has a large cofactor, so decoded
/// points are checked for membership by multiplying by r.
public enum G2Curve: CurveParameters {
    public typealias Base = Fq2

    public static let b: Fq2 = Fq2(Fq(3), .zero) * Fq2.xi.inverse()!

    public static let generator = AffinePoint<G2Curve>(
        x: Fq2(
            try! Fq(decimal: "10857046999023057135944570762232829481370756359578518086990519993285655852781"),
            try! Fq(decimal: "11559732032986387107991004021392285783925812861821192530917403151452391805634")),
        y: Fq2(
            try! Fq(decimal: "8495653923123431417604973247489272438418190587263600148770280649306958101930"),
            try! Fq(decimal: "4082367875863433681332203403145435568316851327593401208105741076214120093531")))

    public static func isInPrimeOrderSubgroup(_ point: AffinePoint<G2Curve>) -> Bool {
        point.jacobian.multiplied(byLimbs: FrParameters.derived.modulusLimbs).isInfinity
    }
}

/// A G2 point in affine coordinates.
public typealias G2Affine = AffinePoint<G2Curve>
/// A G2 point in Jacobian coordinates.
public typealias G2Projective = JacobianPoint<G2Curve>
