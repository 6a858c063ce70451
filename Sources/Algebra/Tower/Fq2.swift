/// Fq2 = Fq[u] / (u² + 1): the field of G2's coordinates.
public struct Fq2: FieldElement {
    public var c0: Fq
    public var c1: Fq

    @inlinable
    public init(_ c0: Fq, _ c1: Fq) {
        self.c0 = c0
        self.c1 = c1
    }

    @inlinable public static var zero: Fq2 { Fq2(.zero, .zero) }
    @inlinable public static var one: Fq2 { Fq2(.one, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    /// ξ = 9 + u, the non-residue that builds Fq6 (v³ = ξ) and the twist.
    @inlinable public static var xi: Fq2 { Fq2(Fq(9), .one) }

    @inlinable public static func + (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable public static func - (a: Fq2, b: Fq2) -> Fq2 { Fq2(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable public static prefix func - (a: Fq2) -> Fq2 { Fq2(-a.c0, -a.c1) }

    /// Karatsuba: three base-field multiplications.
    @inlinable
    public static func * (a: Fq2, b: Fq2) -> Fq2 {
        let v0 = a.c0 * b.c0
        let v1 = a.c1 * b.c1
        return Fq2(v0 - v1, (a.c0 + a.c1) * (b.c0 + b.c1) - v0 - v1)
    }

    /// Complex squaring: two base-field multiplications.
    @inlinable
    public func squared() -> Fq2 {
        let product = c0 * c1
        return Fq2((c0 + c1) * (c0 - c1), product + product)
    }

    @inlinable public func doubled() -> Fq2 { Fq2(c0.doubled(), c1.doubled()) }

    @inlinable
    public func inverse() -> Fq2? {
        guard let normInverse = (c0.squared() + c1.squared()).inverse() else { return nil }
        return Fq2(c0 * normInverse, -(c1 * normInverse))
    }

    /// Multiplication by a base-field element.
    @inlinable public func scaled(by s: Fq) -> Fq2 { Fq2(c0 * s, c1 * s) }

    /// Multiplication by ξ = 9 + u.
    @inlinable
    public func timesXi() -> Fq2 {
        let nine0 = c0.doubled().doubled().doubled() + c0
        let nine1 = c1.doubled().doubled().doubled() + c1
        return Fq2(nine0 - c1, c0 + nine1)
    }

    /// The conjugate c0 − c1·u, which is also the p-power Frobenius map.
    @inlinable public var conjugate: Fq2 { Fq2(c0, -c1) }

    /// The p^power Frobenius map.
    @inlinable public func frobenius(_ power: Int) -> Fq2 { power & 1 == 1 ? conjugate : self }

    public var description: String { "(\(c0), \(c1))" }
}
