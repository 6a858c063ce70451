/// Arithmetic for elements of the cyclotomic subgroup of Fq12 (norm 1 over
/// Fq6), where every value lies after the easy part of the final
/// exponentiation.
extension Fq12 {
    /// The square of a cyclotomic element, by Granger–Scott ("Faster squaring
    /// in the cyclotomic subgroup of sixth degree extensions", §3.2): nine
    /// Fq2 squarings instead of a general Fq12 squaring.
    @inlinable
    public func cyclotomicSquared() -> Fq12 {
        // View the element as Fq4³: (z0 + z1·s), (z2 + z3·s), (z4 + z5·s)
        // with s = w³ over Fq2, s² = ξ.
        let z0 = c0.c0, z4 = c0.c1, z3 = c0.c2
        let z2 = c1.c0, z1 = c1.c1, z5 = c1.c2

        func fq4Square(_ a: Fq2, _ b: Fq2) -> (Fq2, Fq2) {
            let a2 = a.squared(), b2 = b.squared()
            return (b2.timesXi() + a2, (a + b).squared() - a2 - b2)
        }
        let (t0, t1) = fq4Square(z0, z1)
        let (t2, t3) = fq4Square(z2, z3)
        let (t4, t5) = fq4Square(z4, z5)

        let n0 = (t0 - z0).doubled() + t0
        let n1 = (t1 + z1).doubled() + t1
        let t5xi = t5.timesXi()
        let n2 = (t5xi + z2).doubled() + t5xi
        let n3 = (t4 - z3).doubled() + t4
        let n4 = (t2 - z4).doubled() + t2
        let n5 = (t3 + z5).doubled() + t3

        return Fq12(Fq6(n0, n4, n3), Fq6(n2, n1, n5))
    }

    /// self^exponent for a cyclotomic self: cyclotomic squarings and the
    /// exponent's non-adjacent form, since an inverse there is a conjugate.
    @inlinable
    public func cyclotomicPow(_ exponent: UInt64) -> Fq12 {
        let inverse = conjugate
        var result = Fq12.one
        var started = false
        for digit in Self.nonAdjacentForm(exponent).reversed() {
            if started { result = result.cyclotomicSquared() }
            if digit != 0 {
                let factor = digit > 0 ? self : inverse
                result = started ? result * factor : factor
                started = true
            }
        }
        return result
    }

    /// The digits of `value` in {−1, 0, 1}, least significant first, no two
    /// adjacent ones nonzero.
    @usableFromInline
    static func nonAdjacentForm(_ value: UInt64) -> [Int8] {
        var digits = [Int8]()
        var n = UInt128(value)  // n + 1 may need a 65th bit
        while n > 0 {
            var digit: Int8 = 0
            if n & 1 == 1 {
                digit = n & 3 == 1 ? 1 : -1
                n = digit == 1 ? n - 1 : n + 1
            }
            digits.append(digit)
            n >>= 1
        }
        return digits
    }
}
