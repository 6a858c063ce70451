import CFieldKernel

/// G1's endomorphism φ(x, y) = (β·x, y) = λ·(x, y) for cube roots of unity
/// β in Fq and λ in Fr (GLV): a scalar k splits into k₁ + k₂·λ with k₁ and
/// k₂ of about 128 bits, so k·P = k₁·P + k₂·φ(P) takes half the doublings.
/// The constants are derived here, not copied: β = 3^((q−1)/3), λ the cube
/// root of unity in Fr that matches it on the generator, and the short
/// lattice basis of {(a, b) : a + b·λ ≡ 0 mod r} from the extended Euclidean
/// algorithm on r and λ.
///
/// The MSM splits every scalar with fixed-width arithmetic
/// (`split(canonical:)`); a contribution's single scalar is split exactly with
/// GMP (`split(_:)`).
public struct G1Endomorphism: Sendable {
    /// β, with φ(x, y) = (β·x, y).
    public let beta: Fq
    /// λ, with φ(P) = λ·P.
    public let lambda: GMPInteger
    /// The basis (a₁, b₁), (a₂, b₂).
    let a1: GMPInteger, b1: GMPInteger, a2: GMPInteger, b2: GMPInteger
    let r: GMPInteger
    /// The fixed-width split's constants: a₁, a₂, −b₁ and b₂ as 128-bit
    /// values, and round(2^256·b₂/r), round(−2^256·b₁/r) as three limbs.
    private let a1Word: UInt128, a2Word: UInt128, negativeB1Word: UInt128, b2Word: UInt128
    private let roundingB2: (UInt64, UInt64, UInt64), roundingNegativeB1: (UInt64, UInt64, UInt64)

    /// The one instance (its constants take GMP arithmetic to derive).
    public static let shared = G1Endomorphism()

    private init() {
        let q = FqParameters.derived.modulusInteger
        r = FrParameters.derived.modulusInteger
        let betaCandidate = Fq(3).pow(((q - GMPInteger(1)) / GMPInteger(3)).limbs(count: 4))
        let lambdaCandidate = GMPInteger(5).power((r - GMPInteger(1)) / GMPInteger(3), modulus: r)
        let g = G1Affine.generator
        func matches(_ beta: Fq, _ lambda: GMPInteger) -> Bool {
            g.jacobian.multiplied(byLimbs: lambda.limbs(count: 4)).affine == G1Affine(x: g.x * beta, y: g.y)
        }
        let lambdaSquared = lambdaCandidate * lambdaCandidate % r
        if matches(betaCandidate, lambdaCandidate) {
            (beta, lambda) = (betaCandidate, lambdaCandidate)
        } else {
            precondition(matches(betaCandidate, lambdaSquared), "BN254's G1 endomorphism: no cube root of unity in Fr matches β")
            (beta, lambda) = (betaCandidate, lambdaSquared)
        }
        // Extended Euclid on (r, λ): rᵢ = sᵢ·r + tᵢ·λ; stop at the first
        // remainder below √r.
        let bound = Self.squareRootFloor(r)
        var (previousR, currentR) = (r, lambda)
        var (previousT, currentT) = (GMPInteger(0), GMPInteger(1))
        while !(currentR < bound) {
            let quotient = previousR / currentR
            (previousR, currentR) = (currentR, previousR - quotient * currentR)
            (previousT, currentT) = (currentT, previousT - quotient * currentT)
        }
        // (r_{m+1}, −t_{m+1}) with r_{m+1} the first remainder below √r, and
        // the shorter of (r_m, −t_m) and (r_{m+2}, −t_{m+2}).
        a1 = currentR
        b1 = GMPInteger(0) - currentT
        let quotient = previousR / currentR
        let nextR = previousR - quotient * currentR, nextT = previousT - quotient * currentT
        func normSquared(_ a: GMPInteger, _ b: GMPInteger) -> GMPInteger { a * a + b * b }
        if normSquared(previousR, previousT) < normSquared(nextR, nextT) {
            (a2, b2) = (previousR, GMPInteger(0) - previousT)
        } else {
            (a2, b2) = (nextR, GMPInteger(0) - nextT)
        }
        // BN254's basis has a₁, a₂, b₂ ≥ 0 and b₁ < 0, each below 2^128.
        let negativeB1 = GMPInteger(0) - b1
        for value in [a1, a2, negativeB1, b2] {
            precondition(value.signum >= 0 && value.bitWidth <= 128, "BN254's GLV basis: unexpected signs or sizes")
        }
        func word(_ value: GMPInteger) -> UInt128 {
            let limbs = value.limbs(count: 2)
            return UInt128(limbs[1]) << 64 | UInt128(limbs[0])
        }
        let modulus = r
        func rounding(_ value: GMPInteger) -> (UInt64, UInt64, UInt64) {
            let limbs = (((value << 257) + modulus) / (modulus + modulus)).limbs(count: 3)
            return (limbs[0], limbs[1], limbs[2])
        }
        (a1Word, a2Word, negativeB1Word, b2Word) = (word(a1), word(a2), word(negativeB1), word(b2))
        (roundingB2, roundingNegativeB1) = (rounding(b2), rounding(negativeB1))
    }

    private static func squareRootFloor(_ value: GMPInteger) -> GMPInteger {
        var low = GMPInteger(0), high = GMPInteger(1) << ((value.bitWidth + 1) / 2 + 1)
        while low < high - GMPInteger(1) {
            let middle = (low + high) >> 1
            if value < middle * middle { high = middle } else { low = middle }
        }
        return low
    }

    /// k = k₁ + k₂·λ mod r for a canonical k < r, with |k₁|, |k₂| < 2^127,
    /// each as a magnitude and whether it is negative.
    ///
    /// Babai rounding, c₁ = round(k·b₂/r) and c₂ = round(−k·b₁/r), each
    /// taken as round(k·g/2^256) with g the constant rounded at 2^256: off
    /// from the exact quotient by at most 1/8 + 1/2. Then k₁ = k − c₁a₁ −
    /// c₂a₂ and k₂ = −c₁b₁ − c₂b₂ are at most 5/8·(|a₁| + |a₂|) < 2^126.2 in
    /// absolute value (BN254's |a₁| + |a₂| = |b₁| + |b₂| < 2^126.8), so they
    /// are computed modulo 2^128 and read as signed.
    public func split(canonical k: fk_u256) -> (k1: UInt128, k1Negative: Bool, k2: UInt128, k2Negative: Bool) {
        let c1 = Self.roundedQuotient(k, roundingB2), c2 = Self.roundedQuotient(k, roundingNegativeB1)
        let low = UInt128(k.l.1) << 64 | UInt128(k.l.0)
        let k1 = Int128(bitPattern: low &- c1 &* a1Word &- c2 &* a2Word)
        let k2 = Int128(bitPattern: c1 &* negativeB1Word &- c2 &* b2Word)
        return (k1.magnitude, k1 < 0, k2.magnitude, k2 < 0)
    }

    /// round(k·g / 2^256) for k below 2^254 and g below 2^192: the product's
    /// limbs 4 and 5 after adding 2^255.
    private static func roundedQuotient(_ k: fk_u256, _ g: (UInt64, UInt64, UInt64)) -> UInt128 {
        var product = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeBytes(of: k.l) { kRaw in
            withUnsafeBytes(of: g) { gRaw in
                withUnsafeMutableBytes(of: &product) { raw in
                    let kLimbs = kRaw.bindMemory(to: UInt64.self), gLimbs = gRaw.bindMemory(to: UInt64.self)
                    let limbs = raw.bindMemory(to: UInt64.self)
                    for i in 0..<4 {
                        var carry: UInt64 = 0
                        for j in 0..<3 {
                            let (high, low) = kLimbs[i].multipliedFullWidth(by: gLimbs[j])
                            let (sum, overflow1) = limbs[i + j].addingReportingOverflow(low)
                            let (total, overflow2) = sum.addingReportingOverflow(carry)
                            limbs[i + j] = total
                            carry = high &+ (overflow1 ? 1 : 0) &+ (overflow2 ? 1 : 0)
                        }
                        limbs[i + 3] = carry
                    }
                    let (rounded, overflow) = limbs[3].addingReportingOverflow(1 << 63)
                    limbs[3] = rounded
                    if overflow {
                        limbs[4] &+= 1
                        if limbs[4] == 0 { limbs[5] &+= 1 }
                    }
                }
            }
        }
        return UInt128(product.5) << 64 | UInt128(product.4)
    }

    /// k = k₁ + k₂·λ mod r, each as a sign and an absolute value below r.
    public func split(_ scalar: Fr) -> (k1: (negative: Bool, value: Fr), k2: (negative: Bool, value: Fr)) {
        let k = GMPInteger(limbs: scalar.canonicalLimbs)
        func roundedQuotient(_ numerator: GMPInteger) -> GMPInteger { (numerator + numerator + r) / (r + r) }
        let c1 = roundedQuotient(b2 * k), c2 = roundedQuotient(GMPInteger(0) - b1 * k)
        let k1 = k - c1 * a1 - c2 * a2
        let k2 = GMPInteger(0) - c1 * b1 - c2 * b2
        func signed(_ value: GMPInteger) -> (Bool, Fr) {
            let negative = value.signum < 0
            let magnitude = negative ? GMPInteger(0) - value : value
            return (negative, Fr(canonical: fk_limbs(magnitude.limbs(count: 4))))
        }
        return (signed(k1), signed(k2))
    }

    /// φ(P) = (β·x, y).
    public func apply(_ point: G1Affine) -> G1Affine { point.isInfinity ? point : G1Affine(x: point.x * beta, y: point.y) }
}

private func fk_limbs(_ limbs: [UInt64]) -> fk_u256 { fk_u256(l: (limbs[0], limbs[1], limbs[2], limbs[3])) }
