/// One multi-scalar multiplication prepared as one task per window of its
/// signed digits (see ``MultiScalarMultiplication``), so that several MSMs
/// and other work can share threads in one ``ParallelTasks`` pool. `sum`
/// is the result once every task has run.
///
/// Made only through ``MultiScalarMultiplication``'s concrete G1 and G2
/// entry points, so that its closures are specialized for the curve.
public final class MSMWindows<C: CurveParameters>: @unchecked Sendable {
    /// One task per window.
    public let tasks: ParallelTasks
    private let combine: () -> JacobianPoint<C>

    /// The sum; valid after every task has run.
    public var sum: JacobianPoint<C> { combine() }

    init(points: [AffinePoint<C>], scalars: [Fr], threads: Int) {
        precondition(points.count == scalars.count, "MSM needs one scalar per point")
        if points.isEmpty {
            tasks = ParallelTasks(count: 0) { _ in }
            combine = { .infinity }
            return
        }
        let c = MultiScalarMultiplication.windowBits(for: points.count)
        let digits = scalars.map(\.canonical).withUnsafeBufferPointer { SignedDigits(scalars: $0, windowBits: c, threads: threads) }
        let windowSums = ParallelResults(repeating: JacobianPoint<C>.infinity, count: digits.windowCount)
        tasks = ParallelTasks(count: digits.windowCount) { window in
            windowSums[window] = points.withUnsafeBufferPointer {
                MultiScalarMultiplication.windowSum(window, digits: digits, points: $0, bucketCount: 1 << (c - 1))
            }
        }
        combine = {
            var total = JacobianPoint<C>.infinity
            for window in stride(from: windowSums.count - 1, through: 0, by: -1) {
                for _ in 0..<c { total = total.doubled() }
                total += windowSums[window]
            }
            return total
        }
    }
}
