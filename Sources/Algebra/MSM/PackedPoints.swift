/// An MSM's points copied into 64-byte-aligned memory without the identity
/// flag, so that a G1 point is exactly one cache line (an ``AffinePoint``
/// takes 72 bytes and mostly spans two). The bucket passes read points in an
/// order no prefetcher predicts, so lines per point is what they pay, and
/// pages per point too: the G1 endomorphism's doubled points, read at random
/// for random scalars, go on huge pages (``HugePageMemory``). (Every MSM's
/// points on huge pages, the witness MSMs' too, made the transfer block's
/// proof 4 % slower, so only these are.)
///
/// The identity is stored as (0, 0), which is on no curve y² = x³ + b with
/// b ≠ 0.
final class PackedPoints<C: CurveParameters>: @unchecked Sendable {
    /// A point as its two coordinates.
    struct Packed {
        var x: C.Base
        var y: C.Base
    }

    let count: Int
    private let storage: UnsafeMutablePointer<Packed>

    /// `count` points, all the identity until set; on huge pages if asked.
    init(count: Int, onHugePages: Bool = false) {
        self.count = count
        let raw = HugePageMemory.allocate(byteCount: count * MemoryLayout<Packed>.stride, hugePages: onHugePages)
        storage = raw.bindMemory(to: Packed.self, capacity: count)
        storage.initialize(repeating: Packed(x: .zero, y: .zero), count: count)
    }

    /// A copy of `points`.
    convenience init(_ points: [AffinePoint<C>]) {
        self.init(count: points.count)
        for (index, point) in points.enumerated() { self[index] = point }
    }

    deinit {
        HugePageMemory.deallocate(storage)
    }

    /// Point `index`. Setting it is safe from several threads at once for
    /// different indices.
    subscript(index: Int) -> AffinePoint<C> {
        @inline(__always) get {
            let packed = storage[index]
            return packed.x.isZero && packed.y.isZero ? .infinity : AffinePoint(x: packed.x, y: packed.y)
        }
        set {
            storage[index] = newValue.isInfinity ? Packed(x: .zero, y: .zero) : Packed(x: newValue.x, y: newValue.y)
        }
    }

    /// Where point `index` lies, to prefetch it.
    @inline(__always)
    func address(_ index: Int) -> UnsafeRawPointer { UnsafeRawPointer(storage + index) }
}
