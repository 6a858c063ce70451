import CFieldKernel

/// The constants of BN254's scalar field r, the field circuits are written in.
public enum FrParameters: PrimeFieldParameters {
    @inlinable public static var modulus: fk_u256 { FK_FR.q }
    @inlinable public static var montgomeryOne: fk_u256 { FK_FR_ONE }
    @inlinable public static var montgomeryR2: fk_u256 { FK_FR_R2 }
    public static let multiplicativeGenerator: UInt64 = 5
    public static let derived = PrimeFieldDerivedConstants(modulus: FK_FR.q)

    @inlinable public static func add(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fr_add(a, b) }
    @inlinable public static func sub(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fr_sub(a, b) }
    @inlinable public static func mul(_ a: fk_u256, _ b: fk_u256) -> fk_u256 { fk_fr_mul(a, b) }
}

/// An element of BN254's scalar field (snarkjs' "r"): circuit values,
/// witnesses, scalars of G1 and G2.
public typealias Fr = PrimeFieldElement<FrParameters>
