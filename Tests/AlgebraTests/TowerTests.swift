import Algebra
import Support
import Testing

/// Field laws and Frobenius maps of Fq2, Fq6 and Fq12.
struct TowerTests {
    static func randomFq2(_ g: inout SeededRandom) -> Fq2 { Fq2(.random(using: &g), .random(using: &g)) }
    static func randomFq6(_ g: inout SeededRandom) -> Fq6 { Fq6(randomFq2(&g), randomFq2(&g), randomFq2(&g)) }
    static func randomFq12(_ g: inout SeededRandom) -> Fq12 { Fq12(randomFq6(&g), randomFq6(&g)) }

    func checkLaws<F: FieldElement>(_ make: (inout SeededRandom) -> F) {
        var g = SeededRandom(seed: 11)
        for _ in 0..<20 {
            let a = make(&g), b = make(&g), c = make(&g)
            #expect((a * b) * c == a * (b * c))
            #expect(a * b == b * a)
            #expect(a * (b + c) == a * b + a * c)
            #expect(a.squared() == a * a)
            #expect(a.doubled() == a + a)
            #expect(a - b + b == a)
            #expect(a + (-a) == .zero)
            #expect(a * a.inverse()! == .one)
            #expect(a.pow(5) == a * a * a * a * a)
        }
        #expect(F.zero.inverse() == nil)
    }

    @Test func fq2Laws() { checkLaws(Self.randomFq2) }
    @Test func fq6Laws() { checkLaws(Self.randomFq6) }
    @Test func fq12Laws() { checkLaws(Self.randomFq12) }

    @Test func fq2MatchesComplexArithmetic() {
        // (1 + 2u)(3 + 4u) = 3 − 8 + (4 + 6)u
        #expect(Fq2(Fq(1), Fq(2)) * Fq2(Fq(3), Fq(4)) == Fq2(-Fq(5), Fq(10)))
        #expect(Fq2(.zero, .one).squared() == -Fq2.one)
        var g = SeededRandom(seed: 12)
        let a = Self.randomFq2(&g)
        #expect(a.timesXi() == a * Fq2.xi)
    }

    @Test func fq6NonResidue() {
        var g = SeededRandom(seed: 13)
        let v = Fq6(.zero, .one, .zero)
        #expect(v * v * v == Fq6(Fq2.xi, .zero, .zero))
        let a = Self.randomFq6(&g), b0 = Self.randomFq2(&g), b1 = Self.randomFq2(&g)
        #expect(a.timesV() == a * v)
        #expect(a.times(b0, b1) == a * Fq6(b0, b1, .zero))
    }

    @Test func fq12SparseLineProduct() {
        var g = SeededRandom(seed: 14)
        let f = Self.randomFq12(&g)
        let d0 = Self.randomFq2(&g), d3 = Self.randomFq2(&g), d4 = Self.randomFq2(&g)
        let line = Fq12(Fq6(d0, .zero, .zero), Fq6(d3, d4, .zero))
        #expect(f.timesLine(d0, d3, d4) == f * line)
    }

    /// The Frobenius map is the p-th power, and applying it k times is the
    /// p^k-th power.
    @Test func frobeniusIsThePthPower() {
        var g = SeededRandom(seed: 15)
        let p = Fq.modulusDecimal
        let pLimbs = GMPInteger(p, radix: 10)!.limbs(count: 4)
        let a2 = Self.randomFq2(&g), a6 = Self.randomFq6(&g), a12 = Self.randomFq12(&g)
        #expect(a2.frobenius(1) == a2.pow(pLimbs))
        #expect(a6.frobenius(1) == a6.pow(pLimbs))
        #expect(a12.frobenius(1) == a12.pow(pLimbs))
        var repeated = a12
        for k in 1..<12 {
            repeated = repeated.frobenius(1)
            #expect(a12.frobenius(k) == repeated)
        }
        #expect(repeated.frobenius(1) == a12)
        #expect(a12.frobenius(6) == a12.conjugate)
    }

    @Test func cyclotomicSquaringMatchesSquaring() {
        var g = SeededRandom(seed: 16)
        let f = Self.randomFq12(&g)
        // f^((p^6 − 1)(p^2 + 1)) lies in the cyclotomic subgroup.
        var c = f.conjugate * f.inverse()!
        c = c * c.frobenius(2)
        #expect(c.cyclotomicSquared() == c.squared())
        #expect(c.cyclotomicPow(Pairing.curveParameter) == c.pow(Pairing.curveParameter))
    }
}
