import CFieldKernel

/// Multi-scalar multiplication Σ sᵢ·Pᵢ by Pippenger's bucket method with
/// signed window digits (buckets for 1 … 2^(c−1), negatives by point
/// negation) and affine buckets filled in batches (``BatchAffineBuckets``).
///
/// The window c is chosen from the number of points. Work is split across
/// threads by windows: each window's bucket sum over all points is one task,
/// and threads take the next window as they finish one. Every window's
/// buckets are summed once, whatever the number of threads, and windows
/// with few nonzero digits (the top one, or the many 0/1 scalars of a
/// witness) leave no thread idle while another works.
public enum MultiScalarMultiplication {
    /// The window width used for `count` points.
    public static func windowBits(for count: Int) -> Int {
        if count < 32 { return 3 }
        // About log2(n) − 3: wider windows mean fewer additions per point
        // but more buckets to sum in every window, in Jacobian form
        // (`bench algebra` measured log2(n) − 2 … − 5 within 7 % of each other).
        let log2 = Int.bitWidth - count.leadingZeroBitCount - 1
        return max(4, min(16, log2 - 3))
    }

    /// Σ scalars[i]·points[i] over G1, using up to `threads` threads.
    public static func compute(points: [G1Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G1Projective {
        parallelPippenger(points: points, scalars: scalars, threads: threads)
    }

    /// Σ scalars[i]·points[i] over G2, using up to `threads` threads.
    public static func compute(points: [G2Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G2Projective {
        parallelPippenger(points: points, scalars: scalars, threads: threads)
    }

    /// The same sum over G1 as tasks, to share threads with other work;
    /// recoding the scalars uses up to `threads` threads at once.
    public static func windows(points: [G1Affine], scalars: [Fr], threads: Int = Parallelism.available) -> MSMWindows<G1Curve> {
        MSMWindows(points: points, scalars: scalars, threads: threads)
    }

    /// The same sum over G2 as tasks, to share threads with other work.
    public static func windows(points: [G2Affine], scalars: [Fr], threads: Int = Parallelism.available) -> MSMWindows<G2Curve> {
        MSMWindows(points: points, scalars: scalars, threads: threads)
    }

    /// The generic core. It is internal so that it is only ever called with a
    /// concrete curve from inside this module, where it is specialized: a
    /// generic call from another module would run unspecialized, several
    /// times slower.
    static func parallelPippenger<C: CurveParameters>(
        points: [AffinePoint<C>], scalars: [Fr], threads: Int
    ) -> JacobianPoint<C> {
        let windows = MSMWindows(points: points, scalars: scalars, threads: threads)
        ParallelTasks.run([windows.tasks], threads: threads)
        return windows.sum
    }

    /// Σ digit·point over one window: each point goes into the bucket of
    /// its digit, and Σ k·bucket[k] is taken by running sums.
    static func windowSum<C: CurveParameters>(
        _ window: Int, digits: SignedDigits, points: UnsafeBufferPointer<AffinePoint<C>>, bucketCount: Int
    ) -> JacobianPoint<C> {
        var additions = [(bucket: Int32, index: Int32)]()
        additions.reserveCapacity(points.count)
        digits.withWindow(window) { windowDigits in
            for pointIndex in 0..<points.count where windowDigits[pointIndex] != 0 && !points[pointIndex].isInfinity {
                let digit = windowDigits[pointIndex]
                additions.append(digit > 0 ? (digit - 1, Int32(pointIndex)) : (-digit - 1, -Int32(pointIndex) - 1))
            }
        }
        if additions.isEmpty { return .infinity }
        var buckets = BatchAffineBuckets<C>(count: bucketCount)
        buckets.accumulate(additions, points: points)
        var running = JacobianPoint<C>.infinity
        var sum = JacobianPoint<C>.infinity
        for k in stride(from: bucketCount - 1, through: 0, by: -1) {
            running = buckets.adding(k, to: running)
            sum += running
        }
        return sum
    }

    /// The straightforward Σ sᵢ·Pᵢ, for tests.
    public static func naive<C: CurveParameters>(points: [AffinePoint<C>], scalars: [Fr]) -> JacobianPoint<C> {
        zip(points, scalars).reduce(JacobianPoint<C>.infinity) { $0 + $1.0.jacobian.multiplied(by: $1.1) }
    }
}
