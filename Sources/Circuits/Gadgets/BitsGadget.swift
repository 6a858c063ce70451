import Algebra
import R1CS

/// Bit decomposition and range checks.
///
/// `decompose` allocates n boolean bits and binds their weighted sum to the
/// value: n + 1 constraints. A value that does not fit in n bits has no
/// satisfying assignment (for n ≤ 253, so the sum cannot wrap modulo r).
public enum BitsGadget {
    /// The little-endian bits of `value`, constrained to recompose it.
    /// Cost: n + 1 constraints.
    public static func decompose<CS: ConstraintSystem>(
        _ value: LinearCombination, bits count: Int, _ cs: inout CS, _ name: String
    ) throws -> [Variable] {
        precondition(count >= 1 && count <= 253, "decompositions must be 1 to 253 bits to stay sound; use canonicalBits for 254")
        return try unboundedDecompose(value, bits: count, &cs, name)
    }

    /// All 254 bits of a field element, constrained to be its canonical
    /// representation (as an integer below r, so bits of value + r are
    /// refused). Cost: 611 constraints (255 for the bits, 356 for the comparison).
    public static func canonicalBits<CS: ConstraintSystem>(
        _ value: LinearCombination, _ cs: inout CS, _ name: String
    ) throws -> [Variable] {
        let bits = try unboundedDecompose(value, bits: 254, &cs, name)
        try ComparisonGadget.enforceLessThan(bits, constant: modulus, &cs, "\(name) < r")
        return bits
    }

    static let modulus = GMPInteger(Fr.modulusDecimal, radix: 10)!

    static func unboundedDecompose<CS: ConstraintSystem>(
        _ value: LinearCombination, bits count: Int, _ cs: inout CS, _ name: String
    ) throws -> [Variable] {
        let limbs = cs.value(of: value)?.canonicalLimbs
        var bits = [Variable]()
        var sum = LinearCombination.zero
        var weight = Fr.one
        for index in 0..<count {
            let bit = try cs.allocateBoolean("\(name) bit \(index)", value: limbs.map { ($0[index / 64] >> UInt64(index % 64)) & 1 == 1 })
            bits.append(bit)
            sum += weight * LinearCombination(bit)
            weight = weight.doubled()
        }
        cs.enforceEqual("\(name) recomposes", sum, value)
        return bits
    }

    /// Constrains value < 2^count. Cost: count + 1 constraints.
    public static func enforceRange<CS: ConstraintSystem>(
        _ value: LinearCombination, bits count: Int, _ cs: inout CS, _ name: String
    ) throws {
        _ = try decompose(value, bits: count, &cs, name)
    }

    /// Σ bits[i]·2^i.
    public static func recompose(_ bits: [Variable]) -> LinearCombination {
        var sum = LinearCombination.zero
        var weight = Fr.one
        for bit in bits {
            sum += weight * LinearCombination(bit)
            weight = weight.doubled()
        }
        return sum
    }
}
