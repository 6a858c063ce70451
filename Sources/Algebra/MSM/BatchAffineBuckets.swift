/// Pippenger's buckets kept in affine form and filled in batches: each pass
/// adds at most one point to every bucket, and all the additions of a pass
/// share one field inversion (Montgomery's trick), so an addition costs about
/// 6 multiplications instead of the 11 of a mixed Jacobian addition.
/// A point aimed at a bucket already used in the pass waits for the next.
/// When a pass would schedule only a few additions (skewed digits pile onto
/// few buckets, as the carry window does), the rest go into Jacobian
/// overflow sums instead, so the number of passes stays small.
struct BatchAffineBuckets<C: CurveParameters> {
    private(set) var buckets: [AffinePoint<C>]
    /// Jacobian sums for the additions left after the batched passes.
    private(set) var overflow: [Int: JacobianPoint<C>] = [:]

    init(count: Int) {
        buckets = Array(repeating: .infinity, count: count)
    }

    mutating func reset() {
        for index in buckets.indices { buckets[index] = .infinity }
        overflow.removeAll(keepingCapacity: true)
    }

    /// The full content of bucket k.
    func sum(_ k: Int) -> JacobianPoint<C> {
        let affine = buckets[k].jacobian
        guard let extra = overflow[k] else { return affine }
        return extra + affine
    }

    /// Adds ±points[index] into each bucket: an addition is (bucket, index)
    /// with a negative index −(i + 1) meaning −points[i]. The points must not
    /// be the identity (callers skip it: it adds nothing).
    mutating func accumulate(_ additions: [(bucket: Int32, index: Int32)], points source: UnsafeBufferPointer<AffinePoint<C>>) {
        func point(_ index: Int32) -> AffinePoint<C> { index >= 0 ? source[Int(index)] : -source[Int(-index - 1)] }
        var pending = additions
        var touched = [Bool](repeating: false, count: buckets.count)
        var targets = [Int]()
        var points = [AffinePoint<C>]()
        var denominators = [C.Base]()
        // A pass that schedules fewer than this many additions is not worth an inversion.
        let minimumBatch = max(32, buckets.count / 64)
        var scheduled = Int.max
        while !pending.isEmpty {
            if scheduled < minimumBatch {
                for addition in pending {
                    overflow[Int(addition.bucket), default: .infinity] += point(addition.index)
                }
                return
            }
            var deferred = [(bucket: Int32, index: Int32)]()
            targets.removeAll(keepingCapacity: true)
            points.removeAll(keepingCapacity: true)
            denominators.removeAll(keepingCapacity: true)
            for addition in pending {
                let index = Int(addition.bucket)
                if touched[index] {
                    deferred.append(addition)
                    continue
                }
                touched[index] = true
                let current = buckets[index]
                let added = point(addition.index)
                if current.isInfinity {
                    buckets[index] = added
                } else if current.x == added.x {
                    if current.y == added.y && !current.y.isZero {
                        targets.append(index)  // doubling: λ = 3x² / 2y
                        points.append(added)
                        denominators.append(current.y.doubled())
                    } else {
                        buckets[index] = .infinity  // P + (−P)
                    }
                } else {
                    targets.append(index)
                    points.append(added)
                    denominators.append(added.x - current.x)
                }
            }
            scheduled = pending.count - deferred.count
            C.Base.batchInvert(&denominators)
            for (slot, index) in targets.enumerated() {
                let p = buckets[index], q = points[slot]
                let numerator: C.Base
                if p.x == q.x {
                    let square = p.x.squared()
                    numerator = square.doubled() + square
                } else {
                    numerator = q.y - p.y
                }
                let lambda = numerator * denominators[slot]
                let x3 = lambda.squared() - p.x - q.x
                buckets[index] = AffinePoint(x: x3, y: lambda * (p.x - x3) - p.y)
            }
            for addition in pending { touched[Int(addition.bucket)] = false }
            pending = deferred
        }
    }
}
