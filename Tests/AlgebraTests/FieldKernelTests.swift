import Algebra
import CFieldKernel
import Support
import Testing

/// The two Montgomery kernels agree: the dispatched one (ADX on CPUs that
/// have it, checked against GMP by PrimeFieldTests) and the portable C one
/// that other CPUs run.
struct FieldKernelTests {
    /// A value below 2^253, hence below both moduli.
    static func randomCanonical(_ g: inout SeededRandom) -> fk_u256 {
        fk_u256(l: (g.next(), g.next(), g.next(), g.next() >> 3))
    }

    @Test func portableKernelMatchesDispatchedKernel() {
        var g = SeededRandom(seed: 61)
        let edges: [fk_u256] = [
            fk_u256(l: (0, 0, 0, 0)), fk_u256(l: (1, 0, 0, 0)),
            FrParameters.modulus.minusOne, FqParameters.modulus.minusOne,
        ]
        var inputs = edges
        for _ in 0..<5_000 { inputs.append(Self.randomCanonical(&g)) }
        var mismatches = 0
        for (a, b) in zip(inputs, inputs.shuffled(using: &g)) {
            if !fk_fr_mul(a, b).equals(fk_fr_mul_portable(a, b)) { mismatches += 1 }
            if !fk_fq_mul(a, b).equals(fk_fq_mul_portable(a, b)) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}

extension fk_u256 {
    func equals(_ other: fk_u256) -> Bool {
        l.0 == other.l.0 && l.1 == other.l.1 && l.2 == other.l.2 && l.3 == other.l.3
    }

    /// The modulus minus one (its low limb is odd, so no borrow).
    var minusOne: fk_u256 { fk_u256(l: (l.0 - 1, l.1, l.2, l.3)) }
}
