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
        #expect(PackedAmount.closestPackable(to: value) == 34_359_738_367)
        #expect(throws: PackingError.notPackable(value: "2049", closest: "2047")) { try PackedFee(packing: 2049) }
        #expect(PackedFee.closestPackable(to: 123_456) == 123_400)
        #expect(PackedFee.isPackable(123_400))
    }

    /// Against every packable fee: the answer packs, is not above the
    /// value, and no packable fee lies between it and the value.
    @Test func closestPackableIsTheLargestPackableNotAbove() {
        var all = [UInt128]()
        for exponent in 0...31 {
            for mantissa in 0...UInt128(2047) {
                var value = mantissa
                var fits = true
                for _ in 0..<exponent {
                    let (product, overflow) = value.multipliedReportingOverflow(by: 10)
                    if overflow { fits = false; break }
                    value = product
                }
                if fits { all.append(value) }
            }
        }
        all = Array(Set(all)).sorted()
        var generator = SystemRandomNumberGenerator()
        let probes: [UInt128] = [0, 1, 2047, 2048, 2049, 20_479, 20_480, 20_481, 204_799, .max, .max - 1]
            + (0..<2_000).map { _ in UInt128.random(in: 0...UInt128(UInt64.max), using: &generator) >> UInt128(Int.random(in: 0...63)) }
        for value in probes {
            let closest = PackedFee.closestPackable(to: value)
            var low = 0, high = all.count
            while low < high {  // the first packable fee above `value`
                let middle = (low + high) / 2
                if all[middle] <= value { low = middle + 1 } else { high = middle }
            }
            #expect(closest == all[low - 1], "\(value)")
        }
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
