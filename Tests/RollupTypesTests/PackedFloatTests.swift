import RollupTypes
import Testing

/// Base-10 floats: exact packing, rounding down, and invalid encodings.
struct PackedFloatTests {
    @Test func exactValuesRoundTrip() throws {
        for value: UInt128 in [0, 1, 999, 34_359_738_367, 34_359_738_367_0, 12_300_000_000_000_000_000, 1_000_000_000_000_000_000] {
            let packed = try #require(PackedAmount(exactly: value), "\(value)")
            #expect(packed.value == value)
            #expect(try PackedAmount(bits: packed.bits) == packed)
        }
        #expect(try PackedFee(packing: 2047).value == 2047)
        #expect(try PackedFee(packing: 2_047_000).value == 2_047_000)
    }

    @Test func smallestExponentIsChosen() throws {
        let packed = try #require(PackedAmount(exactly: 1000))
        #expect(packed.bits == 1000 << 5)  // mantissa 1000, exponent 0
    }

    @Test func unpackableValuesNameTheClosest() {
        // 2^35 + 1 needs 36 mantissa bits and is not a multiple of 10.
        let value: UInt128 = (1 << 35) + 1
        #expect(PackedAmount(exactly: value) == nil)
        #expect(PackedAmount.closestPackable(to: value) == 3_435_973_836_0)
        #expect(PackedAmount.closestPackable(to: value) <= value)
        #expect(throws: PackingError.notPackable(value: "2049", closest: "2040")) { try PackedFee(packing: 2049) }
        #expect(PackedFee.closestPackable(to: 123_456) == 123_400)
        #expect(PackedFee.isPackable(123_400))
    }

    @Test func invalidBitsAreRejected() {
        #expect(throws: PackingError.invalidBits(1 << 40)) { try PackedAmount(bits: 1 << 40) }
        // Mantissa 2^35 − 1 with exponent 31 exceeds 2^128.
        let overflowing = UInt64((1 << 35) - 1) << 5 | 31
        #expect(throws: PackingError.invalidBits(overflowing)) { try PackedAmount(bits: overflowing) }
        #expect(UInt128.max > PackedAmount.closestPackable(to: .max))
        #expect(PackedAmount.isPackable(PackedAmount.closestPackable(to: .max)))
    }
}
