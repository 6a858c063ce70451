/// Affine point additions collected and completed together with one field
/// inversion (Montgomery's trick), so that an addition costs five
/// multiplications and a squaring instead of the eleven of a mixed Jacobian
/// addition.
///
/// `add(_:_:into:)` copies both points at once and writes their sum into its
/// destination either at once (an identity operand, or P + (−P)) or when the
/// batch completes: when it is full, or at `complete()`. A destination must
/// therefore not be read, nor be the destination of another pending
/// addition, until the batch has completed.
struct AffineAdditionBatch<C: CurveParameters> {
    private let capacity: Int
    private let lhs: UnsafeMutablePointer<AffinePoint<C>>
    private let rhs: UnsafeMutablePointer<AffinePoint<C>>
    /// The denominator of each addition's λ, and the product of those before it.
    private let denominators: UnsafeMutablePointer<C.Base>
    private let prefixProducts: UnsafeMutablePointer<C.Base>
    /// Whether an entry is a doubling (λ = 3x² / 2y).
    private let doublings: UnsafeMutablePointer<Bool>
    private let destinations: UnsafeMutablePointer<UnsafeMutablePointer<AffinePoint<C>>>
    private var count = 0
    /// The product of the pending denominators.
    private var product = C.Base.one

    /// Runs `body` with a batch of up to `capacity` additions per inversion,
    /// completing it before it is freed.
    static func withBatch<R>(capacity: Int, _ body: (inout AffineAdditionBatch<C>) -> R) -> R {
        var batch = AffineAdditionBatch(capacity: capacity)
        defer {
            batch.complete()
            batch.deallocate()
        }
        return body(&batch)
    }

    private init(capacity: Int) {
        self.capacity = capacity
        lhs = .allocate(capacity: capacity)
        rhs = .allocate(capacity: capacity)
        denominators = .allocate(capacity: capacity)
        prefixProducts = .allocate(capacity: capacity)
        doublings = .allocate(capacity: capacity)
        destinations = .allocate(capacity: capacity)
    }

    private func deallocate() {
        lhs.deallocate()
        rhs.deallocate()
        denominators.deallocate()
        prefixProducts.deallocate()
        doublings.deallocate()
        destinations.deallocate()
    }

    /// Schedules destination ← p + q.
    @inline(__always)
    mutating func add(_ p: AffinePoint<C>, _ q: AffinePoint<C>, into destination: UnsafeMutablePointer<AffinePoint<C>>) {
        if p.isInfinity {
            destination.pointee = q
            return
        }
        if q.isInfinity {
            destination.pointee = p
            return
        }
        let isDoubling = p.x == q.x
        let denominator: C.Base
        if isDoubling {
            guard p.y == q.y, !p.y.isZero else {
                destination.pointee = .infinity  // P + (−P), or 2P for a point of order 2
                return
            }
            denominator = p.y.doubled()
        } else {
            denominator = q.x - p.x
        }
        // The running product of the denominators, taken here where its
        // multiplications overlap the copying.
        prefixProducts[count] = product
        product = product * denominator
        denominators[count] = denominator
        (lhs + count).initialize(to: p)
        (rhs + count).initialize(to: q)
        doublings[count] = isDoubling
        destinations[count] = destination
        count += 1
        if count == capacity { complete() }
    }

    /// Writes every pending sum into its destination.
    mutating func complete() {
        if count == 0 { return }
        var inverse = product.inverse()!  // a product of nonzero denominators
        for entry in stride(from: count - 1, through: 0, by: -1) {
            let denominatorInverse = inverse * prefixProducts[entry]
            inverse = inverse * denominators[entry]
            let p = lhs + entry, q = rhs + entry
            let numerator: C.Base
            if doublings[entry] {
                let square = p.pointee.x.squared()
                numerator = square.doubled() + square
            } else {
                numerator = q.pointee.y - p.pointee.y
            }
            let lambda = numerator * denominatorInverse
            let x = lambda.squared() - p.pointee.x - q.pointee.x
            destinations[entry].pointee = AffinePoint(x: x, y: lambda * (p.pointee.x - x) - p.pointee.y)
        }
        count = 0
        product = .one
    }
}
