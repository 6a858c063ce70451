import CFieldKernel

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

    /// Σ scalars[i]·points[i] with 254-bit digits.
    convenience init(points: [AffinePoint<C>], scalars: [Fr], threads: Int) {
        precondition(points.count == scalars.count, "MSM needs one scalar per point")
        let c = MultiScalarMultiplication.windowBits(for: points.count)
        let digits = scalars.map(\.canonical).withUnsafeBufferPointer {
            SignedDigits(scalars: $0, bits: 254, windowBits: c, threads: threads)
        }
        self.init(points: PackedPoints(points), digits: digits, windowBits: c)
    }

    /// Σ digits·points, window by window.
    init(points: PackedPoints<C>, digits: SignedDigits, windowBits c: Int) {
        if points.count == 0 {
            tasks = ParallelTasks(count: 0) { _ in }
            combine = { .infinity }
            return
        }
        let windowSums = ParallelResults(repeating: JacobianPoint<C>.infinity, count: digits.windowCount)
        tasks = ParallelTasks(count: digits.windowCount) { window in
            windowSums[window] = digits.withWindow(window) {
                WindowBuckets.sum(digits: $0, points: points, bucketCount: 1 << (c - 1))
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

extension MSMWindows where C == G1Curve {
    /// Σ scalars[i]·points[i] over G1 as Σ k₁ᵢ·Pᵢ + k₂ᵢ·φ(Pᵢ) (GLV, see
    /// ``G1Endomorphism``): twice the points with 127-bit digits, so half
    /// the windows, each with twice the additions: fewer bucket sums, and
    /// for 2^18 points a wider window (c = 16), so fewer additions in all.
    /// (Computing φ(P) on each read instead of storing it halves the memory
    /// read at random but measured slower.)
    convenience init(endomorphismOf points: [G1Affine], scalars: [Fr], threads: Int) {
        precondition(points.count == scalars.count, "MSM needs one scalar per point")
        let count = points.count
        let endomorphism = G1Endomorphism.shared
        let doubled = PackedPoints<G1Curve>(count: 2 * count, onHugePages: true)
        var halves = [fk_u256](repeating: fk_u256(), count: 2 * count)
        var negated = [Bool](repeating: false, count: 2 * count)
        halves.withUnsafeMutableBufferPointer { halvesBuffer in
            negated.withUnsafeMutableBufferPointer { negatedBuffer in
                let output = UncheckedSendable((halvesBuffer, negatedBuffer))
                let chunks = max(1, min(threads, count / 4096))
                let chunk = (count + chunks - 1) / chunks
                Parallelism.forEach(chunks) { part in
                    let (halves, negated) = output.value
                    for index in part * chunk..<min(count, (part + 1) * chunk) {
                        let split = endomorphism.split(canonical: scalars[index].canonical)
                        doubled[index] = points[index]
                        doubled[count + index] = endomorphism.apply(points[index])
                        halves[index] = fk_u256(l: (UInt64(truncatingIfNeeded: split.k1), UInt64(truncatingIfNeeded: split.k1 >> 64), 0, 0))
                        halves[count + index] = fk_u256(l: (UInt64(truncatingIfNeeded: split.k2), UInt64(truncatingIfNeeded: split.k2 >> 64), 0, 0))
                        negated[index] = split.k1Negative
                        negated[count + index] = split.k2Negative
                    }
                }
            }
        }
        let c = MultiScalarMultiplication.windowBits(for: 2 * count)
        let digits = halves.withUnsafeBufferPointer { halves in
            negated.withUnsafeBufferPointer { SignedDigits(scalars: halves, bits: 127, negated: $0, windowBits: c, threads: threads) }
        }
        self.init(points: doubled, digits: digits, windowBits: c)
    }
}
