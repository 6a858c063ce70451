import CFieldKernel

/// Multi-scalar multiplication Σ sᵢ·Pᵢ by Pippenger's bucket method with
/// signed window digits (buckets for 1 … 2^(c−1), negatives by point
/// negation), every step in batched affine additions (``WindowBuckets``).
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
        // but more buckets to sum in every window. G1 passes 2n here (its
        // points and their images, see `windows(points:scalars:threads:)`):
        // for 2^18 points `bench algebra` measured c = 15, 16, 17 at 0.49,
        // 0.42 and 0.43 s.
        let log2 = Int.bitWidth - count.leadingZeroBitCount - 1
        return max(4, min(16, log2 - 3))
    }

    /// Σ scalars[i]·points[i] over G1, using up to `threads` threads.
    public static func compute(points: [G1Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G1Projective {
        run(windows(points: points, scalars: scalars, threads: threads), threads: threads)
    }

    /// Σ scalars[i]·points[i] over G2, using up to `threads` threads.
    public static func compute(points: [G2Affine], scalars: [Fr], threads: Int = Parallelism.available) -> G2Projective {
        run(windows(points: points, scalars: scalars, threads: threads), threads: threads)
    }

    /// The same sum over G1 as tasks, to share threads with other work;
    /// splitting and recoding the scalars uses up to `threads` threads at
    /// once.
    ///
    /// Up to 2^18 points, unless a quarter or more of the scalars are 0 or 1,
    /// the scalars are split by G1's endomorphism (``G1Endomorphism``):
    /// `bench algebra`'s random 2^18-point MSM took 0.41 s with it and
    /// 0.43–0.44 s without. Beyond 2^18 the doubled points no longer fit the
    /// cache (with it for the 2^19 − 1 points of an 8-slot exit block's h,
    /// the block's proof took 3.1 s against 2.6 s), and a witness's scalars,
    /// mostly 0 and 1, gain nothing from it while it doubles the memory (a
    /// transfer block's proof 2.46 s and 620 MiB with it, 2.43 s and 540 MiB
    /// without).
    public static func windows(points: [G1Affine], scalars: [Fr], threads: Int = Parallelism.available) -> MSMWindows<G1Curve> {
        if points.count <= 1 << 18, 4 * scalars.reduce(0, { $0 + ($1 == .zero || $1 == .one ? 1 : 0) }) < scalars.count {
            return MSMWindows(endomorphismOf: points, scalars: scalars, threads: threads)
        }
        return MSMWindows(points: points, scalars: scalars, threads: threads)
    }

    /// The same sum over G2 as tasks, to share threads with other work.
    public static func windows(points: [G2Affine], scalars: [Fr], threads: Int = Parallelism.available) -> MSMWindows<G2Curve> {
        MSMWindows(points: points, scalars: scalars, threads: threads)
    }

    /// Runs one MSM's tasks on their own. Private and called with concrete
    /// curves only, so it is specialized: a generic call from another
    /// module would run unspecialized, several times slower.
    private static func run<C: CurveParameters>(_ windows: MSMWindows<C>, threads: Int) -> JacobianPoint<C> {
        ParallelTasks.run([windows.tasks], threads: threads)
        return windows.sum
    }

    /// The straightforward Σ sᵢ·Pᵢ, for tests.
    public static func naive<C: CurveParameters>(points: [AffinePoint<C>], scalars: [Fr]) -> JacobianPoint<C> {
        zip(points, scalars).reduce(JacobianPoint<C>.infinity) { $0 + $1.0.jacobian.multiplied(by: $1.1) }
    }
}
