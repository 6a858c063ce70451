import Algebra
import Circuits
import R1CS
import RollupTypes
import Testing

/// Packed amounts and fees decode in constraints as they do natively.
struct PackedFloatGadgetTests {
    static func decode<F: PackedFloat>(_ bits: UInt64, as type: F.Type) throws -> (ConstraintChecker, LinearCombination) {
        var cs = ConstraintChecker()
        let packed = try cs.allocate("packed", value: Fr(bits))
        let value = try PackedFloatGadget.decode(LinearCombination(packed), as: type, &cs, "amount")
        return (cs, value)
    }

    static func field(_ value: UInt128) -> Fr {
        try! Fr(GMPInteger(limbs: [UInt64(truncatingIfNeeded: value), UInt64(truncatingIfNeeded: value >> 64)]))
    }

    @Test func amountsDecodeAsNatively() throws {
        for value: UInt128 in [0, 1, 1500, 34_359_738_367, 12_300_000_000_000_000_000, PackedAmount.closestPackable(to: .max)] {
            let packed = try #require(PackedAmount(exactly: value))
            let (cs, decoded) = try Self.decode(packed.bits, as: PackedAmount.self)
            #expect(cs.isSatisfied)
            #expect(cs.value(of: decoded) == Self.field(value))
            #expect(cs.constraintCount == 175)
        }
    }

    @Test func feesDecodeWithoutRangeCheck() throws {
        let packed = try PackedFee(packing: 2_047_000)
        let (cs, decoded) = try Self.decode(packed.bits, as: PackedFee.self)
        #expect(cs.isSatisfied && cs.constraintCount == 22)
        #expect(cs.value(of: decoded) == Self.field(2_047_000))
    }

    @Test func overflowingAndOversizedEncodingsAreUnsatisfiable() throws {
        // Mantissa 2^35 − 1 with exponent 31 exceeds 2^128.
        let (overflowing, _) = try Self.decode(UInt64((1 << 35) - 1) << 5 | 31, as: PackedAmount.self)
        #expect(overflowing.whichIsUnsatisfied == "amount fits 128 bits recomposes")
        // 41 bits do not fit an amount's 40.
        let (oversized, _) = try Self.decode(1 << 40, as: PackedAmount.self)
        #expect(oversized.whichIsUnsatisfied == "amount packed recomposes")
    }
}
