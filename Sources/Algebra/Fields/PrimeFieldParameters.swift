import CFieldKernel

/// The constants and kernel entry points of one prime field: all that a
/// concrete field (Fr, Fq) has to say. ``PrimeFieldElement`` builds the
/// whole field on top of it.
public protocol PrimeFieldParameters: Sendable {
    /// The modulus as little-endian limbs.
    static var modulus: fk_u256 { get }
    /// R mod q, the Montgomery form of one.
    static var montgomeryOne: fk_u256 { get }
    /// R^2 mod q.
    static var montgomeryR2: fk_u256 { get }
    /// A generator of the multiplicative group.
    static var multiplicativeGenerator: UInt64 { get }
    /// Values derived once from the modulus (exponents for inversion,
    /// square roots, roots of unity).
    static var derived: PrimeFieldDerivedConstants { get }

    static func add(_ a: fk_u256, _ b: fk_u256) -> fk_u256
    static func sub(_ a: fk_u256, _ b: fk_u256) -> fk_u256
    static func mul(_ a: fk_u256, _ b: fk_u256) -> fk_u256
}

/// Exponents and counts derived from a prime modulus q, computed with GMP
/// when a field is first used.
public struct PrimeFieldDerivedConstants: Sendable {
    /// The modulus in decimal.
    public let modulusDecimal: String
    /// The modulus as four little-endian limbs.
    public let modulusLimbs: [UInt64]
    /// The modulus for GMP (only read, so safe to share between threads).
    public let modulusInteger: GMPInteger
    /// R³ mod q (R = 2^256): a Montgomery product with it turns (a·R)⁻¹ into a⁻¹·R.
    public let montgomeryR3: fk_u256
    /// (q - 1) / 2, the Legendre exponent.
    public let legendreExponent: [UInt64]
    /// s with q - 1 = 2^s * t, t odd.
    public let twoAdicity: Int
    /// t.
    public let oddPart: [UInt64]
    /// (t + 1) / 2, for Tonelli–Shanks.
    public let oddPartPlusOneHalf: [UInt64]
    /// The number of significant bits of q.
    public let bitCount: Int

    /// Derives the constants of the field with modulus `modulus`.
    public init(modulus: fk_u256) {
        let q = GMPInteger(limbs: [modulus.l.0, modulus.l.1, modulus.l.2, modulus.l.3])
        let qMinusOne = q - GMPInteger(1)
        var s = 0
        while !qMinusOne.testBit(s) { s += 1 }
        let t = qMinusOne >> s
        modulusDecimal = q.description
        modulusLimbs = q.limbs(count: 4)
        modulusInteger = q
        let r3 = ((GMPInteger(1) << 768) % q).limbs(count: 4)
        montgomeryR3 = fk_u256(l: (r3[0], r3[1], r3[2], r3[3]))
        legendreExponent = (qMinusOne >> 1).limbs(count: 4)
        twoAdicity = s
        oddPart = t.limbs(count: 4)
        oddPartPlusOneHalf = ((t + GMPInteger(1)) >> 1).limbs(count: 4)
        bitCount = q.bitWidth
    }
}
