import CFieldKernel

/// Scalars recoded into signed base-2^c digits in (−2^(c−1), 2^(c−1)], so
/// that Pippenger needs only 2^(c−1) buckets. Stored window-major for the
/// bucket pass.
struct SignedDigits: @unchecked Sendable {
    let windowCount: Int
    private let pointCount: Int
    private let digits: [Int32]

    /// Recodes `scalars`, each below 2^`bits`, and negates the digits of
    /// those marked in `negated`; split across up to `threads` threads by
    /// scalar.
    init(scalars: UnsafeBufferPointer<fk_u256>, bits: Int, negated: UnsafeBufferPointer<Bool>? = nil, windowBits c: Int, threads: Int) {
        // Windows for bits + 1 bits: the top window's value is then below
        // 2^(c−1), so with a carry it is still a digit, and none is left over.
        let windowCount = (bits + c) / c
        let pointCount = scalars.count
        self.windowCount = windowCount
        self.pointCount = pointCount
        let chunks = max(1, min(threads, pointCount / 4096))
        let chunk = (pointCount + chunks - 1) / chunks
        digits = [Int32](unsafeUninitializedCapacity: windowCount * pointCount) { buffer, initialized in
            let output = UncheckedSendable(buffer)
            Parallelism.forEach(chunks) { part in
                for pointIndex in part * chunk..<min(pointCount, (part + 1) * chunk) {
                    Self.recode(
                        scalars[pointIndex], c, negated: negated?[pointIndex] ?? false,
                        into: output.value, at: pointIndex, stride: pointCount, windows: windowCount)
                }
            }
            initialized = windowCount * pointCount
        }
    }

    private static func recode(
        _ scalar: fk_u256, _ c: Int, negated: Bool, into digits: UnsafeMutableBufferPointer<Int32>, at pointIndex: Int, stride: Int, windows: Int
    ) {
        let half = Int64(1) << Int64(c - 1)
        let mask = (UInt64(1) << UInt64(c)) - 1
        let limbs = (scalar.l.0, scalar.l.1, scalar.l.2, scalar.l.3)
        func limb(_ i: Int) -> UInt64 {
            switch i {
            case 0: return limbs.0
            case 1: return limbs.1
            case 2: return limbs.2
            case 3: return limbs.3
            default: return 0
            }
        }
        var carry: Int64 = 0
        for window in 0..<windows {
            let bit = window * c
            let index = bit / 64, shift = bit % 64
            var value = limb(index) >> UInt64(shift)
            if shift + c > 64 { value |= limb(index + 1) << UInt64(64 - shift) }
            var digit = Int64(value & mask) + carry
            if digit > half {
                digit -= Int64(1) << Int64(c)
                carry = 1
            } else {
                carry = 0
            }
            digits[window * stride + pointIndex] = Int32(negated ? -digit : digit)
        }
    }

    /// Calls `body` with the digits of every point in `window`.
    func withWindow<T>(_ window: Int, _ body: (UnsafeBufferPointer<Int32>) throws -> T) rethrows -> T {
        try digits.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[window * pointCount..<(window + 1) * pointCount])) }
    }
}
