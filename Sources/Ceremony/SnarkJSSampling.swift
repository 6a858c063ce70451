import Algebra
import CFieldKernel

/// Field elements and curve points drawn from a ``SnarkJSChaCha`` exactly as
/// ffjavascript draws them (`fromRng`), so that values snarkjs derives from
/// a hash are derived here alike.
///
/// - A field element: four 64-bit draws, the first the lowest limb, masked
///   to 254 bits and redrawn while not below the modulus. ffjavascript
///   takes those limbs as the element's Montgomery form, so its value is
///   v·R⁻¹.
/// - A point: x drawn as a field element (an Fq2 one as c0, then c1), then
///   a bit, until x³ + b is a square; y is the root whose "sign" (the
///   larger half of the field, judged on c1 unless it is zero) equals the
///   bit. A G2 point is then multiplied by G2's cofactor.
public enum SnarkJSSampling {
    /// G2's cofactor, 0x30644e72e131a029b85045b68181585e06ceecda572a2489345f2299c0f9fa8d.
    static let g2Cofactor: [UInt64] = [0x345f_2299_c0f9_fa8d, 0x06ce_ecda_572a_2489, 0xb850_45b6_8181_585e, 0x3064_4e72_e131_a029]

    static func limbs(_ generator: inout SnarkJSChaCha) -> fk_u256 {
        let l0 = generator.nextU64(), l1 = generator.nextU64(), l2 = generator.nextU64(), l3 = generator.nextU64()
        return fk_u256(l: (l0, l1, l2, l3 & ((1 << 62) - 1)))
    }

    /// An Fr element, as ffjavascript's `Fr.fromRng`.
    public static func fr(_ generator: inout SnarkJSChaCha) -> Fr {
        while true { if let value = Fr(montgomeryForm: limbs(&generator)) { return value } }
    }

    static func fq(_ generator: inout SnarkJSChaCha) -> Fq {
        while true { if let value = Fq(montgomeryForm: limbs(&generator)) { return value } }
    }

    static func isNegative(_ value: Fq2) -> Bool {
        value.c1.isZero ? value.c0.isLexicographicallyLarge : value.c1.isLexicographicallyLarge
    }

    /// A G1 point, as ffjavascript's `G1.fromRng`.
    public static func g1(_ generator: inout SnarkJSChaCha) -> G1Affine {
        while true {
            let x = fq(&generator)
            let greatest = generator.nextBool()
            guard var y = (x.squared() * x + G1Curve.b).squareRoot() else { continue }
            if greatest != y.isLexicographicallyLarge { y = -y }
            return G1Affine(x: x, y: y)
        }
    }

    /// A G2 point in the prime-order subgroup, as ffjavascript's `G2.fromRng`.
    public static func g2(_ generator: inout SnarkJSChaCha) -> G2Affine {
        while true {
            let x = Fq2(fq(&generator), fq(&generator))
            let greatest = generator.nextBool()
            guard var y = (x.squared() * x + G2Curve.b).squareRoot() else { continue }
            if greatest != isNegative(y) { y = -y }
            return G2Affine(x: x, y: y).jacobian.multiplied(byLimbs: g2Cofactor).affine
        }
    }

    /// snarkjs's `hashToG2`: the G2 point drawn from a ChaCha seeded with
    /// the hash's first 32 bytes.
    public static func hashToG2(_ hash: [UInt8]) -> G2Affine {
        var generator = SnarkJSChaCha(seedingFrom: hash)
        return g2(&generator)
    }
}
