/// A point in affine coordinates, or the point at infinity.
public struct AffinePoint<C: CurveParameters>: Hashable, Sendable, CustomStringConvertible {
    public var x: C.Base
    public var y: C.Base
    /// Whether this is the identity (x and y are then zero).
    public var isInfinity: Bool

    /// The point (x, y); no check is made that it is on the curve.
    @inlinable
    public init(x: C.Base, y: C.Base) {
        self.x = x
        self.y = y
        isInfinity = false
    }

    @inlinable
    init(x: C.Base, y: C.Base, isInfinity: Bool) {
        self.x = x
        self.y = y
        self.isInfinity = isInfinity
    }

    /// The identity.
    @inlinable public static var infinity: Self { Self(x: .zero, y: .zero, isInfinity: true) }

    /// The group's generator.
    @inlinable public static var generator: Self { C.generator }

    /// Whether y² = x³ + b (the identity counts as on the curve).
    @inlinable
    public var isOnCurve: Bool {
        isInfinity || y.squared() == x.squared() * x + C.b
    }

    /// Whether the point is on the curve and in the prime-order subgroup.
    public var isValidGroupElement: Bool { isOnCurve && C.isInPrimeOrderSubgroup(self) }

    @inlinable
    public static prefix func - (point: Self) -> Self {
        point.isInfinity ? point : Self(x: point.x, y: -point.y)
    }

    /// The same point in Jacobian coordinates.
    @inlinable
    public var jacobian: JacobianPoint<C> {
        isInfinity ? .infinity : JacobianPoint(x: x, y: y, z: .one)
    }

    public var description: String { isInfinity ? "infinity" : "(\(x), \(y))" }
}
