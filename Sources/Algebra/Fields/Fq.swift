import CFieldKernel

/// The constants of BN254's base field q, over which the curve is defined.
public enum FqParameters: PrimeFieldParameters {
    @inlinable public static var modulus: fk_u256 { FK_FQ.q }
    @inlinable public static var montgomeryOne: fk_u256 { FK_FQ_ONE }
    @inlinable public static var montgomeryR2: fk_u256 { FK_FQ_R2 }
    public static let multiplicativeGenerator: UInt64 = 3
    public static let derived = PrimeFieldDerivedConstants(modulus: FK_FQ.q)

    @inlinable public static func add(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fq_add(a, b) }
    @inlinable public static func sub(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fq_sub(a, b) }
    @inlinable public static func mul(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fq_mul(a, b) }
}

/// An element of BN254's base field (snarkjs' "q"): curve coordinates.
public typealias Fq = PrimeFieldElement<FqParameters>
