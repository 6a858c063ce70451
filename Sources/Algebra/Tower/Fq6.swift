/// Fq6 = Fq2[v] / (v³ − ξ), the middle floor of the tower.
public struct Fq6: FieldElement {
    public var c0: Fq2
    public var c1: Fq2
    public var c2: Fq2

    @inlinable
    public init(_ c0: Fq2, _ c1: Fq2, _ c2: Fq2) {
        self.c0 = c0
        self.c1 = c1
        self.c2 = c2
    }

    @inlinable public static var zero: Fq6 { Fq6(.zero, .zero, .zero) }
    @inlinable public static var one: Fq6 { Fq6(.one, .zero, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero && c2.isZero }

    @inlinable public static func + (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2) }
    @inlinable public static func - (a: Fq6, b: Fq6) -> Fq6 { Fq6(a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2) }
    @inlinable public static prefix func - (a: Fq6) -> Fq6 { Fq6(-a.c0, -a.c1, -a.c2) }

    /// Karatsuba-style: six Fq2 multiplications.
    @inlinable
    public static func * (a: Fq6, b: Fq6) -> Fq6 {
        let aa = a.c0 * b.c0
        let bb = a.c1 * b.c1
        let cc = a.c2 * b.c2
        let t0 = ((a.c1 + a.c2) * (b.c1 + b.c2) - bb - cc).timesXi() + aa
        let t1 = (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb + cc.timesXi()
        let t2 = (a.c0 + a.c2) * (b.c0 + b.c2) - aa + bb - cc
        return Fq6(t0, t1, t2)
    }

    /// Chung–Hasan SQR2.
    @inlinable
    public func squared() -> Fq6 {
        let s0 = c0.squared()
        let s1 = (c0 * c1).doubled()
        let s2 = (c0 - c1 + c2).squared()
        let s3 = (c1 * c2).doubled()
        let s4 = c2.squared()
        return Fq6(s0 + s3.timesXi(), s1 + s4.timesXi(), s1 + s2 + s3 - s0 - s4)
    }

    @inlinable public func doubled() -> Fq6 { Fq6(c0.doubled(), c1.doubled(), c2.doubled()) }

    @inlinable
    public func inverse() -> Fq6? {
        let t0 = c0.squared() - (c1 * c2).timesXi()
        let t1 = c2.squared().timesXi() - c0 * c1
        let t2 = c1.squared() - c0 * c2
        let norm = c0 * t0 + (c2 * t1 + c1 * t2).timesXi()
        guard let normInverse = norm.inverse() else { return nil }
        return Fq6(t0 * normInverse, t1 * normInverse, t2 * normInverse)
    }

    /// Multiplication by v: (c0, c1, c2) ↦ (ξ·c2, c0, c1).
    @inlinable public func timesV() -> Fq6 { Fq6(c2.timesXi(), c0, c1) }

    /// Multiplication by an Fq2 element.
    @inlinable public func scaled(by s: Fq2) -> Fq6 { Fq6(c0 * s, c1 * s, c2 * s) }

    /// Multiplication by the sparse element b0 + b1·v.
    @inlinable
    public func times(_ b0: Fq2, _ b1: Fq2) -> Fq6 {
        let aa = c0 * b0
        let bb = c1 * b1
        let t0 = ((c1 + c2) * b1 - bb).timesXi() + aa
        let t1 = (c0 + c1) * (b0 + b1) - aa - bb
        let t2 = (c0 + c2) * b0 - aa + bb
        return Fq6(t0, t1, t2)
    }

    /// The p^power Frobenius map.
    @inlinable
    public func frobenius(_ power: Int) -> Fq6 {
        let k = power % 6
        let coefficients = FrobeniusCoefficients.shared
        return Fq6(
            c0.frobenius(k),
            c1.frobenius(k) * coefficients.fq6C1[k],
            c2.frobenius(k) * coefficients.fq6C2[k]
        )
    }

    public var description: String { "(\(c0), \(c1), \(c2))" }
}
