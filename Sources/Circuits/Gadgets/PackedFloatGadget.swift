import Algebra
import R1CS
import RollupTypes

/// Decodes a packed base-10 float in constraints, the twin of
/// ``PackedFloat/value``: bits → mantissa and exponent, 10^exponent as a
/// product of per-bit factors (1 + eᵢ·(10^(2^i) − 1)), then mantissa·10^exponent.
/// No product can wrap modulo r (mantissa < 2^35 and 10^31 < 2^103).
///
/// Cost for an amount (35 + 5 bits): 41 (bits) + 4 (power) + 1 (product)
/// + 129 (the value fits 128 bits) = 175 constraints. For a fee (11 + 5
/// bits) the value always fits, so no range check: 17 + 4 + 1 = 22.
public enum PackedFloatGadget {
    public static func decode<F: PackedFloat, CS: ConstraintSystem>(
        _ packed: LinearCombination, as type: F.Type, _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        let bits = try BitsGadget.decompose(packed, bits: F.width, &cs, "\(name) packed")
        let value = try self.value(bits: bits, as: type, &cs, name)
        let maximum = (UInt128(1) << UInt128(F.mantissaBits)) - 1
        if !Self.fits128(maximumMantissa: maximum, maximumExponent: (1 << F.exponentBits) - 1) {
            try BitsGadget.enforceRange(value, bits: 128, &cs, "\(name) fits 128 bits")
        }
        return value
    }

    /// mantissa·10^exponent from the packed little-endian bits (exponent
    /// first), without the 128-bit check: for callers whose own range checks
    /// already refuse a larger value, as a debit's does. Cost: 5 for an
    /// amount, 5 for a fee (the bits are the caller's).
    public static func value<F: PackedFloat, CS: ConstraintSystem>(
        bits: [Variable], as type: F.Type, _ cs: inout CS, _ name: String
    ) throws -> LinearCombination {
        precondition(bits.count == F.width, "a packed float has \(F.width) bits")
        let exponentBits = Array(bits.prefix(F.exponentBits))
        let mantissa = BitsGadget.recompose(Array(bits.dropFirst(F.exponentBits)))
        var power = LinearCombination(constant: .one)
        var factorBase = Fr(10)
        for (index, bit) in exponentBits.enumerated() {
            let factor = LinearCombination(constant: .one) + (factorBase - .one) * LinearCombination(bit)
            power = index == 0 ? factor : LinearCombination(try cs.multiply("\(name) 10^e step \(index)", power, factor))
            factorBase = factorBase.squared()
        }
        return LinearCombination(try cs.multiply("\(name) value", mantissa, power))
    }

    /// Whether every encoding's value is below 2^128.
    static func fits128(maximumMantissa: UInt128, maximumExponent: Int) -> Bool {
        var value = maximumMantissa
        for _ in 0..<maximumExponent {
            let (next, overflow) = value.multipliedReportingOverflow(by: 10)
            if overflow { return false }
            value = next
        }
        return true
    }
}
