import Algebra

/// A sum Σ cᵢ·Pᵢ over few points with circuit coefficients, which are
/// mostly small (±1, powers of two below 2⁶⁴): those cost a short
/// double-and-add instead of a full scalar multiplication.
enum SparseCombination {
    static func sum<C>(_ terms: [(point: AffinePoint<C>, coefficient: Fr)]) -> JacobianPoint<C> {
        var total = JacobianPoint<C>.infinity
        for (point, coefficient) in terms { total = total + scaled(point, by: coefficient) }
        return total
    }

    static func scaled<C>(_ point: AffinePoint<C>, by coefficient: Fr) -> JacobianPoint<C> {
        if coefficient == .one { return point.jacobian }
        let value = coefficient.canonical
        if value.l.1 | value.l.2 | value.l.3 == 0 { return small(point, value.l.0) }
        let negated = (-coefficient).canonical
        if negated.l.1 | negated.l.2 | negated.l.3 == 0 { return -small(point, negated.l.0) }
        return point.jacobian.multiplied(by: coefficient)
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
