/// Pippenger's buckets kept in affine form and filled in batches: the
/// additions of a batch go to distinct buckets and share one field inversion
/// (Montgomery's trick), so an addition costs about 6 multiplications
/// instead of the 11 of a mixed Jacobian addition.
///
/// Additions are taken in order. One aimed at a bucket that already waits
/// in the current batch is queued and retried after the batch; when the
/// queue is full (skewed digits pile onto few buckets, as the many scalars
/// 1 of a witness do in the lowest window), the addition goes into a
/// Jacobian overflow sum for its bucket instead, so the work stays linear.
struct BatchAffineBuckets<C: CurveParameters> {
    private var buckets: [AffinePoint<C>]
    /// Jacobian sums for the additions that could not wait; empty until needed.
    private var overflow: [JacobianPoint<C>] = []

    /// Additions sharing one inversion.
    private let batchCapacity: Int
    /// Batch entries: the bucket, the point added, the denominator of λ.
    private var batchBuckets: [Int] = []
    private var batchPoints: [AffinePoint<C>] = []
    private var denominators: [C.Base] = []
    private var prefixProducts: [C.Base] = []
    /// Whether a bucket waits in the current batch.
    private var waiting: [Bool]

    init(count: Int) {
        buckets = Array(repeating: .infinity, count: count)
        waiting = Array(repeating: false, count: count)
        batchCapacity = max(16, min(1024, count / 4))
        batchBuckets.reserveCapacity(batchCapacity)
        batchPoints.reserveCapacity(batchCapacity)
        denominators.reserveCapacity(batchCapacity)
        prefixProducts.reserveCapacity(batchCapacity)
    }

    /// `sum` plus the full content of bucket k (a mixed addition, and a
    /// Jacobian one when the bucket overflowed).
    func adding(_ k: Int, to sum: JacobianPoint<C>) -> JacobianPoint<C> {
        let withAffine = sum + buckets[k]
        return overflow.isEmpty ? withAffine : withAffine + overflow[k]
    }

    /// Adds ±points[index] into each bucket: an addition is (bucket, index)
    /// with a negative index −(i + 1) meaning −points[i]. The points must not
    /// be the identity (callers skip it: it adds nothing).
    mutating func accumulate(_ additions: [(bucket: Int32, index: Int32)], points source: UnsafeBufferPointer<AffinePoint<C>>) {
        func point(_ index: Int32) -> AffinePoint<C> { index >= 0 ? source[Int(index)] : -source[Int(-index - 1)] }
        let queueCapacity = batchCapacity
        var queue = [(bucket: Int32, index: Int32)]()
        queue.reserveCapacity(queueCapacity)
        var retry = queue
        for addition in additions {
            let bucket = Int(addition.bucket)
            if !waiting[bucket] {
                schedule(bucket, point(addition.index))
                if batchBuckets.count >= batchCapacity { flush() }
            } else if queue.count < queueCapacity {
                queue.append(addition)
            } else {
                addToOverflow(bucket, point(addition.index))
            }
            // After a batch every bucket is free again: retry what waited.
            if batchBuckets.isEmpty && !queue.isEmpty {
                swap(&queue, &retry)
                for waited in retry {
                    let bucket = Int(waited.bucket)
                    if waiting[bucket] {
                        queue.append(waited)
                    } else {
                        schedule(bucket, point(waited.index))
                    }
                }
                retry.removeAll(keepingCapacity: true)
                if batchBuckets.count >= batchCapacity { flush() }
            }
        }
        // Drain: each pass frees every bucket once more. A pass too small to
        // be worth an inversion sends the rest to the overflow sums.
        flush()
        while !queue.isEmpty {
            swap(&queue, &retry)
            for waited in retry {
                let bucket = Int(waited.bucket)
                if waiting[bucket] { queue.append(waited) } else { schedule(bucket, point(waited.index)) }
            }
            retry.removeAll(keepingCapacity: true)
            if batchBuckets.count < 32 {
                for waited in queue { addToOverflow(Int(waited.bucket), point(waited.index)) }
                queue.removeAll()
            }
            flush()
        }
    }

    /// Starts bucket + added: at once when it needs no inversion, else as a
    /// batch entry.
    private mutating func schedule(_ bucket: Int, _ added: AffinePoint<C>) {
        let current = buckets[bucket]
        if current.isInfinity {
            buckets[bucket] = added
        } else if current.x == added.x {
            if current.y == added.y && !current.y.isZero {
                enqueue(bucket, added, denominator: current.y.doubled())  // doubling: λ = 3x² / 2y
            } else {
                buckets[bucket] = .infinity  // P + (−P)
            }
        } else {
            enqueue(bucket, added, denominator: added.x - current.x)
        }
    }

    private mutating func enqueue(_ bucket: Int, _ added: AffinePoint<C>, denominator: C.Base) {
        waiting[bucket] = true
        batchBuckets.append(bucket)
        batchPoints.append(added)
        denominators.append(denominator)
    }

    private mutating func addToOverflow(_ bucket: Int, _ added: AffinePoint<C>) {
        if overflow.isEmpty { overflow = Array(repeating: .infinity, count: buckets.count) }
        overflow[bucket] += added
    }

    /// Completes the batch with one inversion (the denominators are nonzero).
    private mutating func flush() {
        let count = batchBuckets.count
        if count == 0 { return }
        prefixProducts.removeAll(keepingCapacity: true)
        var product = C.Base.one
        for denominator in denominators {
            prefixProducts.append(product)
            product = product * denominator
        }
        var inverse = product.inverse()!
        for slot in stride(from: count - 1, through: 0, by: -1) {
            let bucket = batchBuckets[slot]
            let p = buckets[bucket], q = batchPoints[slot]
            let denominatorInverse = inverse * prefixProducts[slot]
            inverse = inverse * denominators[slot]
            let numerator: C.Base
            if p.x == q.x {
                let square = p.x.squared()
                numerator = square.doubled() + square
            } else {
                numerator = q.y - p.y
            }
            let lambda = numerator * denominatorInverse
            let x3 = lambda.squared() - p.x - q.x
            buckets[bucket] = AffinePoint(x: x3, y: lambda * (p.x - x3) - p.y)
            waiting[bucket] = false
        }
        batchBuckets.removeAll(keepingCapacity: true)
        batchPoints.removeAll(keepingCapacity: true)
        denominators.removeAll(keepingCapacity: true)
    }
}
