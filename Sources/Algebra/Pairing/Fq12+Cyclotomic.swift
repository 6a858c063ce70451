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

    /// self^exponent for a cyclotomic self, by square-and-multiply with
    /// cyclotomic squarings.
    @inlinable
    public func cyclotomicPow(_ exponent: UInt64) -> Fq12 {
        var result = Fq12.one
        var started = false
        for bit in stride(from: 63, through: 0, by: -1) {
            if started { result = result.cyclotomicSquared() }
            if (exponent >> UInt64(bit)) & 1 == 1 {
                result = started ? result * self : self
                started = true
            }
        }
        return result
    }
}
