import CFieldKernel

/// An element of the prime field described by `P`, kept in Montgomery form
/// in four 64-bit limbs.
///
/// The arithmetic is the C kernel's (`CFieldKernel`), inlined; everything
/// else (inversion, powers, square roots, conversions) is written here once
/// for both BN254 fields.
public struct PrimeFieldElement<P: PrimeFieldParameters>: FieldElement {
    /// The Montgomery representation a·R mod q.
    @usableFromInline var montgomery: fk_u256

    @inlinable init(montgomery: fk_u256) { self.montgomery = montgomery }

    /// The element with the canonical value given by little-endian limbs,
    /// which must be below the modulus.
    @inlinable
    public init(canonical limbs: fk_u256) {
        montgomery = P.mul(limbs, P.montgomeryR2)
    }

    /// The element `value mod q`.
    @inlinable
    public init(_ value: UInt64) {
        self.init(canonical: fk_u256(l: (value, 0, 0, 0)))
    }

    /// The canonical value as little-endian limbs, in [0, q).
    @inlinable
    public var canonical: fk_u256 { P.mul(montgomery, fk_u256(l: (1, 0, 0, 0))) }

    /// The canonical value as an array of four little-endian limbs.
    @inlinable
    public var canonicalLimbs: [UInt64] {
        let c = canonical
        return [c.l.0, c.l.1, c.l.2, c.l.3]
    }

    @inlinable public static var zero: Self { Self(montgomery: fk_u256(l: (0, 0, 0, 0))) }
    @inlinable public static var one: Self { Self(montgomery: P.montgomeryOne) }

    @inlinable
    public var isZero: Bool {
        (montgomery.l.0 | montgomery.l.1 | montgomery.l.2 | montgomery.l.3) == 0
    }

    @inlinable
    public static func + (lhs: Self, rhs: Self) -> Self { Self(montgomery: P.add(lhs.montgomery, rhs.montgomery)) }
    @inlinable
    public static func - (lhs: Self, rhs: Self) -> Self { Self(montgomery: P.sub(lhs.montgomery, rhs.montgomery)) }
    @inlinable
    public static func * (lhs: Self, rhs: Self) -> Self { Self(montgomery: P.mul(lhs.montgomery, rhs.montgomery)) }
    @inlinable
    public static prefix func - (value: Self) -> Self { Self(montgomery: P.sub(zero.montgomery, value.montgomery)) }

    @inlinable public func squared() -> Self { self * self }
    @inlinable public func doubled() -> Self { self + self }

    /// The inverse, nil for zero: GMP's extended Euclid on the Montgomery
    /// form a·R gives (a·R)⁻¹, and one Montgomery product with R³ makes it
    /// a⁻¹·R (a few times faster than Fermat's a^(q−2)).
    public func inverse() -> Self? {
        if isZero { return nil }
        let form = montgomery
        let integer = GMPInteger(limbs: [form.l.0, form.l.1, form.l.2, form.l.3])
        guard let inverse = integer.inverse(modulus: P.derived.modulusInteger) else { return nil }
        let limbs = inverse.limbs(count: 4)
        return Self(montgomery: P.mul(fk_u256(l: (limbs[0], limbs[1], limbs[2], limbs[3])), P.derived.montgomeryR3))
    }

    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.montgomery.l.0 == rhs.montgomery.l.0 && lhs.montgomery.l.1 == rhs.montgomery.l.1
            && lhs.montgomery.l.2 == rhs.montgomery.l.2 && lhs.montgomery.l.3 == rhs.montgomery.l.3
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(montgomery.l.0)
        hasher.combine(montgomery.l.1)
        hasher.combine(montgomery.l.2)
        hasher.combine(montgomery.l.3)
    }

    /// The canonical value in decimal.
    public var description: String { decimalString }

    /// The modulus q in decimal.
    public static var modulusDecimal: String { P.derived.modulusDecimal }

    /// Whether the canonical value is odd (used to pick square-root signs).
    @inlinable public var isOdd: Bool { canonical.l.0 & 1 == 1 }

    /// Whether the canonical value exceeds (q - 1) / 2, i.e. is "negative".
    public var isLexicographicallyLarge: Bool {
        let value = canonicalLimbs
        let half = P.derived.legendreExponent
        for index in stride(from: 3, through: 0, by: -1) where value[index] != half[index] {
            return value[index] > half[index]
        }
        return false
    }
}
