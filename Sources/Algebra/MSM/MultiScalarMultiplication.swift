import CFieldKernel

/// Multi-scalar multiplication Σ sᵢ·Pᵢ by Pippenger's bucket method with
/// signed window digits (buckets for 1 … 2^(c−1), negatives by point
/// negation) and affine buckets filled in batches (``BatchAffineBuckets``).
///
/// The window c is chosen from the number of points. Work is split across
/// threads by points: each thread runs the whole bucket method over its
/// share and the partial sums are added at the end, which keeps threads
/// independent (no shared buckets).
public enum MultiScalarMultiplication {
    /// The window width used for `count` points.
    public static func windowBits(for count: Int) -> Int {
        if count < 32 { return 3 }
        // About log2(n) − 2, the usual optimum for bucket methods.
        let log2 = Int.bitWidth - count.leadingZeroBitCount - 1
        return max(4, min(16, log2 - 2))
    }

    /// Σ scalars[i]·points[i] over G1, using up to `threads` threads.
    public static func compute(points: [G1Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G1Projective {
        parallelPippenger(points: points, scalars: scalars, threads: threads)
    }

    /// Σ scalars[i]·points[i] over G2, using up to `threads` threads.
    public static func compute(points: [G2Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G2Projective {
        parallelPippenger(points: points, scalars: scalars, threads: threads)
    }

    /// The generic core. It is internal so that it is only ever called with a
    /// concrete curve from inside this module, where it is specialized: a
    /// generic call from another module would run unspecialized, several
    /// times slower.
    static func parallelPippenger<C: CurveParameters>(
        points: [AffinePoint<C>], scalars: [Fr], threads: Int
    ) -> JacobianPoint<C> {
        precondition(points.count == scalars.count, "MSM needs one scalar per point")
        let count = points.count
        if count == 0 { return .infinity }
        let canonical = scalars.map(\.canonical)
        let threadCount = max(1, min(threads, count / 1024 + 1))
        let chunk = (count + threadCount - 1) / threadCount
        let results = ParallelResults(repeating: JacobianPoint<C>.infinity, count: threadCount)
        let c = windowBits(for: chunk)
        points.withUnsafeBufferPointer { pointBuffer in
            canonical.withUnsafeBufferPointer { scalarBuffer in
                Parallelism.forEach(threadCount) { index in
                    let start = index * chunk
                    let end = min(count, start + chunk)
                    guard start < end else { return }
                    results[index] = pippenger(
                        points: UnsafeBufferPointer(rebasing: pointBuffer[start..<end]),
                        scalars: UnsafeBufferPointer(rebasing: scalarBuffer[start..<end]),
                        windowBits: c)
                }
            }
        }
        return results.values.reduce(.infinity, +)
    }

    /// The straightforward Σ sᵢ·Pᵢ, for tests.
    public static func naive<C: CurveParameters>(points: [AffinePoint<C>], scalars: [Fr]) -> JacobianPoint<C> {
        zip(points, scalars).reduce(JacobianPoint<C>.infinity) { $0 + $1.0.jacobian.multiplied(by: $1.1) }
    }

    static func pippenger<C: CurveParameters>(
        points: UnsafeBufferPointer<AffinePoint<C>>, scalars: UnsafeBufferPointer<fk_u256>, windowBits c: Int
    ) -> JacobianPoint<C> {
        let digits = SignedDigits(scalars: scalars, windowBits: c)
        var buckets = BatchAffineBuckets<C>(count: 1 << (c - 1))
        var additions = [(bucket: Int32, index: Int32)]()
        additions.reserveCapacity(points.count)
        var total = JacobianPoint<C>.infinity
        for window in stride(from: digits.windowCount - 1, through: 0, by: -1) {
            for _ in 0..<c { total = total.doubled() }
            buckets.reset()
            additions.removeAll(keepingCapacity: true)
            for pointIndex in 0..<points.count where !points[pointIndex].isInfinity {
                let digit = digits[pointIndex, window]
                if digit > 0 {
                    additions.append((digit - 1, Int32(pointIndex)))
                } else if digit < 0 {
                    additions.append((-digit - 1, -Int32(pointIndex) - 1))
                }
            }
            buckets.accumulate(additions, points: points)
            // Σ k·bucket[k] by running sums.
            var running = JacobianPoint<C>.infinity
            var windowSum = JacobianPoint<C>.infinity
            for k in stride(from: buckets.buckets.count - 1, through: 0, by: -1) {
                running += buckets.sum(k)
                windowSum += running
            }
            total += windowSum
        }
        return total
    }
}
