/// The optimal Ate pairing on BN254, e: G1 × G2 → μ_r ⊂ Fq12, with the same
/// values as py_ecc's `pairing` (the final exponentiation is exact, not a
/// power of it), and the product-of-pairings check verifiers use.
public enum Pairing {
    /// The BN parameter x (u) of BN254.
    public static let curveParameter: UInt64 = 4_965_661_367_192_848_881

    /// 6x + 2 in non-adjacent form, least significant digit first.
    static let loopCount: [Int8] = {
        var digits = [Int8]()
        var n = GMPInteger(curveParameter) * GMPInteger(6) + GMPInteger(2)
        while n.signum > 0 {
            var digit: Int8 = 0
            if n.testBit(0) {
                digit = n.testBit(1) ? -1 : 1
                n = digit == 1 ? n - GMPInteger(1) : n + GMPInteger(1)
            }
            digits.append(digit)
            n = n >> 1
        }
        return digits
    }()

    /// e(p, q).
    public static func pairing(_ p: G1Affine, _ q: G2Affine) -> Fq12 {
        finalExponentiation(millerLoop([(p, G2Prepared(q))]))
    }

    /// Whether ∏ e(pᵢ, qᵢ) = 1, with one shared Miller loop and one final
    /// exponentiation.
    public static func productIsOne(_ pairs: [(G1Affine, G2Prepared)]) -> Bool {
        finalExponentiation(millerLoop(pairs)) == .one
    }

    /// The product of the Miller loops f_{6x+2,qᵢ}(pᵢ) with the two Frobenius
    /// lines, before the final exponentiation. Pairs with an identity point
    /// contribute nothing.
    public static func millerLoop(_ pairs: [(G1Affine, G2Prepared)]) -> Fq12 {
        let active = pairs.filter { !$0.0.isInfinity && !$0.1.lines.isEmpty }
        var lineIndex = 0
        var f = Fq12.one
        func evaluateLines() {
            for (p, prepared) in active {
                let line = prepared.lines[lineIndex]
                f = f.timesLine(line.c0.scaled(by: p.y), line.c1.scaled(by: p.x), line.c2)
            }
            lineIndex += 1
        }
        for index in stride(from: loopCount.count - 1, to: 0, by: -1) {
            if index != loopCount.count - 1 { f = f.squared() }
            evaluateLines()
            if loopCount[index - 1] != 0 { evaluateLines() }
        }
        evaluateLines()
        evaluateLines()
        return f
    }

    /// f^((p¹² − 1)/r): the easy part (p⁶ − 1)(p² + 1), then the hard part
    /// (p⁴ − p² + 1)/r by the addition chain of Scott et al., "On the final
    /// exponentiation for calculating pairings on ordinary elliptic curves"
    /// (exact, as scripts checks by exponent arithmetic).
    public static func finalExponentiation(_ f: Fq12) -> Fq12 {
        guard let inverse = f.inverse() else { return .zero }
        var t1 = f.conjugate * inverse
        t1 = t1 * t1.frobenius(2)

        let fp = t1.frobenius(1)
        let fp2 = t1.frobenius(2)
        let fp3 = fp2.frobenius(1)
        let fu = t1.cyclotomicPow(curveParameter)
        let fu2 = fu.cyclotomicPow(curveParameter)
        let fu3 = fu2.cyclotomicPow(curveParameter)
        let y0 = fp * fp2 * fp3
        let y1 = t1.conjugate
        let y2 = fu2.frobenius(2)
        let y3 = fu.frobenius(1).conjugate
        let y4 = (fu * fu2.frobenius(1)).conjugate
        let y5 = fu2.conjugate
        let y6 = (fu3 * fu3.frobenius(1)).conjugate

        var t0 = y6.cyclotomicSquared() * y4 * y5
        var t = y3 * y5 * t0
        t0 = t0 * y2
        t = (t.cyclotomicSquared() * t0).cyclotomicSquared()
        t0 = t * y1
        t = t * y0
        return t0.cyclotomicSquared() * t
    }
}
