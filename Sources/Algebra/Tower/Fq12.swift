/// Fq12 = Fq6[w] / (w² − v), the pairing's target field. Equivalently
/// w⁶ = ξ = 9 + u, the representation py_ecc uses.
public struct Fq12: FieldElement {
    public var c0: Fq6
    public var c1: Fq6

    @inlinable
    public init(_ c0: Fq6, _ c1: Fq6) {
        self.c0 = c0
        self.c1 = c1
    }

    @inlinable public static var zero: Fq12 { Fq12(.zero, .zero) }
    @inlinable public static var one: Fq12 { Fq12(.one, .zero) }
    @inlinable public var isZero: Bool { c0.isZero && c1.isZero }

    @inlinable public static func + (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 + b.c0, a.c1 + b.c1) }
    @inlinable public static func - (a: Fq12, b: Fq12) -> Fq12 { Fq12(a.c0 - b.c0, a.c1 - b.c1) }
    @inlinable public static prefix func - (a: Fq12) -> Fq12 { Fq12(-a.c0, -a.c1) }

    /// Karatsuba: three Fq6 multiplications.
    @inlinable
    public static func * (a: Fq12, b: Fq12) -> Fq12 {
        let aa = a.c0 * b.c0
        let bb = a.c1 * b.c1
        return Fq12(aa + bb.timesV(), (a.c0 + a.c1) * (b.c0 + b.c1) - aa - bb)
    }

    /// Complex squaring: two Fq6 multiplications.
    @inlinable
    public func squared() -> Fq12 {
        let product = c0 * c1
        let c0New = (c0 + c1) * (c0 + c1.timesV()) - product - product.timesV()
        return Fq12(c0New, product.doubled())
    }

    @inlinable public func doubled() -> Fq12 { Fq12(c0.doubled(), c1.doubled()) }

    @inlinable
    public func inverse() -> Fq12? {
        guard let normInverse = (c0.squared() - c1.squared().timesV()).inverse() else { return nil }
        return Fq12(c0 * normInverse, -(c1 * normInverse))
    }

    /// c0 − c1·w: the p⁶ Frobenius map, and the inverse of any element of
    /// the cyclotomic subgroup (every pairing value after the easy part).
    @inlinable public var conjugate: Fq12 { Fq12(c0, -c1) }

    /// The p^power Frobenius map.
    @inlinable
    public func frobenius(_ power: Int) -> Fq12 {
        let k = power % 12
        let gamma = FrobeniusCoefficients.shared.fq12C1[k]
        return Fq12(c0.frobenius(k), c1.frobenius(k).scaled(by: gamma))
    }

    /// Multiplication by the sparse element d0 + d3·w + d4·v·w, the shape of a
    /// Miller-loop line for BN254's D-type twist.
    @inlinable
    public func timesLine(_ d0: Fq2, _ d3: Fq2, _ d4: Fq2) -> Fq12 {
        let a = c0.scaled(by: d0)
        let b = c1.times(d3, d4)
        let e = (c0 + c1).times(d0 + d3, d4)
        return Fq12(a + b.timesV(), e - a - b)
    }

    /// The 12 coefficients in py_ecc's basis: self = Σ cᵢ·wⁱ with cᵢ in Fq
    /// and w¹² = 18·w⁶ − 82.
    public var wCoefficients: [Fq] {
        var out = [Fq](repeating: .zero, count: 12)
        let parts = [c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2]  // coefficients of w^0 ... w^5
        for (m, part) in parts.enumerated() {
            // x + y·u with u = w⁶ − 9.
            out[m] = part.c0 - part.c1 * Fq(9)
            out[m + 6] = part.c1
        }
        return out
    }

    public var description: String { "(\(c0), \(c1))" }
}
