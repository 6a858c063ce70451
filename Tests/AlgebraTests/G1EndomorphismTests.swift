import Algebra
import Support
import Testing

/// G1's endomorphism: φ is multiplication by λ, and both splits of a scalar
/// are decompositions k = k₁ + k₂·λ mod r with halves of at most 127 bits
/// (the MSM's eight windows of 16 bits rely on that bound).
struct G1EndomorphismTests {
    let endomorphism = G1Endomorphism.shared
    let r = FrParameters.derived.modulusInteger

    func signedInteger(_ magnitude: UInt128, negative: Bool) -> GMPInteger {
        let value = GMPInteger(limbs: [UInt64(truncatingIfNeeded: magnitude), UInt64(truncatingIfNeeded: magnitude >> 64)])
        return negative ? GMPInteger(0) - value : value
    }

    @Test func mapIsMultiplicationByLambda() {
        var g = SeededRandom(seed: 71)
        for _ in 0..<4 {
            let point = G1Projective.generator.multiplied(by: .random(using: &g)).affine
            #expect(endomorphism.apply(point) == point.jacobian.multiplied(byLimbs: endomorphism.lambda.limbs(count: 4)).affine)
        }
        #expect(endomorphism.apply(.infinity) == .infinity)
    }

    @Test func fixedWidthSplitIsAShortDecomposition() {
        var g = SeededRandom(seed: 72)
        var scalars: [Fr] = [.zero, .one, -.one, Fr(2), -Fr(2), (try! Fr(endomorphism.lambda))]
        scalars += (0..<3000).map { _ in Fr.random(using: &g) }
        let bound = GMPInteger(1) << 127
        for scalar in scalars {
            let split = endomorphism.split(canonical: scalar.canonical)
            #expect(split.k1 < UInt128(1) << 127 && split.k2 < UInt128(1) << 127)
            let k1 = signedInteger(split.k1, negative: split.k1Negative), k2 = signedInteger(split.k2, negative: split.k2Negative)
            let recombined = ((k1 + k2 * endomorphism.lambda) % r + r) % r
            #expect(recombined == scalar.integer, "k₁ + k₂·λ ≠ k for \(scalar)")
            #expect(k1 * k1 < bound * bound && k2 * k2 < bound * bound)
        }
    }

    @Test func exactSplitIsADecomposition() {
        var g = SeededRandom(seed: 73)
        for scalar in (0..<50).map({ _ in Fr.random(using: &g) }) + [.zero, -.one] {
            let (k1, k2) = endomorphism.split(scalar)
            let signedK1 = k1.negative ? -k1.value : k1.value, signedK2 = k2.negative ? -k2.value : k2.value
            #expect(signedK1 + signedK2 * (try! Fr(endomorphism.lambda)) == scalar)
            #expect(k1.value.integer.bitWidth <= 127 && k2.value.integer.bitWidth <= 127)
        }
    }
}
