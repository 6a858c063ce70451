import Algebra

/// A sum Σ cᵢ·Pᵢ over a few points with circuit coefficients. Most are
/// small (±1, powers of two below 2⁶⁴) and cost a short double-and-add;
/// the rest share one chain of doublings (``WindowedNAF/sum(_:_:)``).
enum SparseCombination {
    static func sum<C>(_ terms: [(point: AffinePoint<C>, coefficient: Fr)]) -> JacobianPoint<C> {
        var total = JacobianPoint<C>.infinity
        var largePoints = [AffinePoint<C>](), largeScalars = [Fr]()
        for (point, coefficient) in terms {
            if coefficient == .one { total = total + point; continue }
            let value = coefficient.canonical
            if value.l.1 | value.l.2 | value.l.3 == 0 { total = total + small(point, value.l.0); continue }
            let negated = (-coefficient).canonical
            if negated.l.1 | negated.l.2 | negated.l.3 == 0 { total = total + (-small(point, negated.l.0)); continue }
            largePoints.append(point)
            largeScalars.append(coefficient)
        }
        return largePoints.isEmpty ? total : total + WindowedNAF.sum(largePoints, largeScalars)
    }

    private static func small<C>(_ point: AffinePoint<C>, _ scalar: UInt64) -> JacobianPoint<C> {
        var result = JacobianPoint<C>.infinity
        guard scalar != 0 else { return result }
        for bit in stride(from: 63 - scalar.leadingZeroBitCount, through: 0, by: -1) {
            result = result.doubled()
            if (scalar >> UInt64(bit)) & 1 == 1 { result = result + point }
        }
        return result
    }
}
