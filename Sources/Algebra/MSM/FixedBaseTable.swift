/// Many multiples s·P of one fixed point P, as Groth16 setup needs: a table
/// of d·2^(w·i)·P for every w-bit window i and digit d, after which each
/// multiple costs one mixed addition per window (32 for w = 8).
public struct FixedBaseTable<C: CurveParameters>: Sendable {
    @usableFromInline let windowBits: Int
    @usableFromInline let windowCount: Int
    /// table[i * (2^w − 1) + (d − 1)] = d · 2^(w·i) · P.
    @usableFromInline let table: [AffinePoint<C>]

    /// Precomputes the table of `base` with 8-bit windows. Inlinable, so
    /// that callers in other modules (setup, verifying keys) run it
    /// specialized for their curve rather than through witness tables.
    @inlinable
    public init(base: AffinePoint<C>, windowBits: Int = 8) {
        self.windowBits = windowBits
        windowCount = (254 + windowBits - 1) / windowBits
        let perWindow = (1 << windowBits) - 1
        var projective = [JacobianPoint<C>]()
        projective.reserveCapacity(windowCount * perWindow)
        var windowBase = base.jacobian
        for _ in 0..<windowCount {
            var multiple = windowBase
            for _ in 0..<perWindow {
                projective.append(multiple)
                multiple = multiple + windowBase
            }
            windowBase = multiple  // 2^w · windowBase
        }
        table = JacobianPoint<C>.batchAffine(projective)
    }

    /// scalar · P.
    @inlinable
    public func multiply(_ scalar: Fr) -> JacobianPoint<C> {
        let limbs = scalar.canonicalLimbs
        var result = JacobianPoint<C>.infinity
        let perWindow = (1 << windowBits) - 1
        let mask = UInt64(perWindow)
        for window in 0..<windowCount {
            let bit = window * windowBits
            let limb = bit / 64, shift = bit % 64
            var digit = limbs[limb] >> UInt64(shift)
            if shift + windowBits > 64 && limb + 1 < 4 { digit |= limbs[limb + 1] << UInt64(64 - shift) }
            digit &= mask
            if digit != 0 { result = result + table[window * perWindow + Int(digit) - 1] }
        }
        return result
    }

    /// scalar · P for every scalar, in affine form, across threads.
    @inlinable
    public func multiplyAll(_ scalars: [Fr], threads: Int = Parallelism.available) -> [AffinePoint<C>] {
        let count = scalars.count
        let results = ParallelResults(repeating: [AffinePoint<C>](), count: max(1, threads))
        let chunk = (count + results.count - 1) / results.count
        Parallelism.forEach(results.count) { worker in
            let range = (worker * chunk)..<min(count, (worker + 1) * chunk)
            guard !range.isEmpty else { return }
            results[worker] = JacobianPoint<C>.batchAffine(range.map { multiply(scalars[$0]) })
        }
        return results.values.flatMap { $0 }
    }
}
