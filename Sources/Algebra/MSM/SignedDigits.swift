import CFieldKernel

/// Scalars recoded into signed base-2^c digits in (−2^(c−1), 2^(c−1)], so
/// that Pippenger needs only 2^(c−1) buckets. Stored window-major for the
/// bucket pass.
struct SignedDigits {
    let windowCount: Int
    private let pointCount: Int
    private var digits: [Int32]

    init(scalars: UnsafeBufferPointer<fk_u256>, windowBits c: Int) {
        // 254-bit scalars; one extra window absorbs the final carry.
        windowCount = (254 + c - 1) / c + 1
        pointCount = scalars.count
        digits = [Int32](repeating: 0, count: windowCount * scalars.count)
        let half = Int64(1) << Int64(c - 1)
        let mask = (UInt64(1) << UInt64(c)) - 1
        for (pointIndex, scalar) in scalars.enumerated() {
            let limbs = [scalar.l.0, scalar.l.1, scalar.l.2, scalar.l.3, 0]
            var carry: Int64 = 0
            for window in 0..<windowCount {
                let bit = window * c
                let limb = bit / 64, shift = bit % 64
                var value = limb < 4 ? limbs[limb] >> UInt64(shift) : 0
                if shift + c > 64 && limb + 1 < 5 { value |= limbs[limb + 1] << UInt64(64 - shift) }
                var digit = Int64(value & mask) + carry
                if digit > half {
                    digit -= Int64(1) << Int64(c)
                    carry = 1
                } else {
                    carry = 0
                }
                digits[window * pointCount + pointIndex] = Int32(digit)
            }
        }
    }

    subscript(point: Int, window: Int) -> Int32 { digits[window * pointCount + point] }
}
