import Algebra
import CFieldKernel

/// G1's endomorphism φ(x, y) = (β·x, y) = λ·(x, y) for cube roots of unity
/// β in Fq and λ in Fr (GLV): a scalar k splits into k₁ + k₂·λ with k₁ and
/// k₂ of about 128 bits, so k·P = k₁·P + k₂·φ(P) takes half the doublings.
/// The constants are derived here, not copied: β = 3^((q−1)/3), λ the cube
/// root of unity in Fr that matches it on the generator, and the short
/// lattice basis of {(a, b) : a + b·λ ≡ 0 mod r} from the extended Euclidean
/// algorithm on r and λ.
struct G1Endomorphism: Sendable {
    let beta: Fq
    let lambda: GMPInteger
    /// The basis (a₁, b₁), (a₂, b₂).
    let a1: GMPInteger, b1: GMPInteger, a2: GMPInteger, b2: GMPInteger
    let r: GMPInteger

    static let shared = G1Endomorphism()

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
    }

    static func squareRootFloor(_ value: GMPInteger) -> GMPInteger {
        var low = GMPInteger(0), high = GMPInteger(1) << ((value.bitWidth + 1) / 2 + 1)
        while low < high - GMPInteger(1) {
            let middle = (low + high) >> 1
            if value < middle * middle { high = middle } else { low = middle }
        }
        return low
    }

    /// k = k₁ + k₂·λ mod r, each as a sign and an absolute value below r.
    func split(_ scalar: Fr) -> (k1: (negative: Bool, value: Fr), k2: (negative: Bool, value: Fr)) {
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
    func apply(_ point: G1Affine) -> G1Affine { point.isInfinity ? point : G1Affine(x: point.x * beta, y: point.y) }
}

private func fk_limbs(_ limbs: [UInt64]) -> fk_u256 { fk_u256(l: (limbs[0], limbs[1], limbs[2], limbs[3])) }
