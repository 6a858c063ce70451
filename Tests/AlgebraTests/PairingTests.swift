import Algebra
import Support
import Testing

/// Bilinearity, non-degeneracy and agreement with py_ecc's pairing values.
struct PairingTests {
    @Test func bilinearity() {
        var g = SeededRandom(seed: 31)
        let a = Fr.random(using: &g), b = Fr.random(using: &g)
        let p = G1Affine.generator, q = G2Affine.generator
        let base = Pairing.pairing(p, q)
        let aP = G1Projective.generator.multiplied(by: a).affine
        let bQ = G2Projective.generator.multiplied(by: b).affine
        #expect(Pairing.pairing(aP, bQ) == base.pow((a * b).canonicalLimbs))
        #expect(Pairing.pairing(aP, q) == Pairing.pairing(p, G2Projective.generator.multiplied(by: a).affine))
    }

    @Test func nonDegenerateWithOrderR() {
        let value = Pairing.pairing(.generator, .generator)
        #expect(value != .one)
        #expect(value.pow(FrParameters.derived.modulusLimbs) == .one)
        #expect(Pairing.pairing(.infinity, .generator) == .one)
        #expect(Pairing.pairing(.generator, .infinity) == .one)
    }

    @Test func productOfPairingsCheck() {
        var g = SeededRandom(seed: 32)
        let p = G1Projective.generator.multiplied(by: .random(using: &g)).affine
        let q = G2Prepared(G2Projective.generator.multiplied(by: .random(using: &g)).affine)
        #expect(Pairing.productIsOne([(p, q), (-p, q)]))
        #expect(!Pairing.productIsOne([(p, q), (p, q)]))
        // e(aP, Q)·e(P, −aQ) = 1, and a 3-pairing product as a verifier forms it.
        let a = Fr.random(using: &g)
        let qAffine = G2Projective.generator.multiplied(by: .random(using: &g)).affine
        let aP = G1Projective.generator.multiplied(by: a).affine
        let negativeAQ = G2Prepared((-G2Projective.generator.multiplied(by: a)).affine)
        #expect(Pairing.productIsOne([(aP, G2Prepared(.generator)), (.generator, negativeAQ)]))
        #expect(Pairing.productIsOne([(p, G2Prepared(qAffine)), (-p, G2Prepared(qAffine)), (.generator, G2Prepared(.infinity))]))
    }

    @Test func valuesMatchPyEcc() throws {
        let fixture = try ReferenceFixture.load()
        #expect(fixture.pairings.count == 3)
        for entry in fixture.pairings {
            let p = G1Projective.generator.multiplied(by: try Fr(decimal: entry.g1Scalar)).affine
            let q = G2Projective.generator.multiplied(by: try Fr(decimal: entry.g2Scalar)).affine
            let ours = Pairing.pairing(p, q).wCoefficients.map(\.decimalString)
            #expect(ours == entry.wCoefficients, "e(\(entry.g1Scalar)·G1, \(entry.g2Scalar)·G2)")
        }
    }
}
