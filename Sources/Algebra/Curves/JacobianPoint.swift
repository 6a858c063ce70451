/// A point in Jacobian coordinates (X : Y : Z) ↦ (X/Z², Y/Z³); Z = 0 is the
/// identity. All group arithmetic happens here: doubling (dbl-2009-l),
/// addition (add-2007-bl) and mixed addition with an affine point
/// (madd-2007-bl), all for a = 0.
public struct JacobianPoint<C: CurveParameters>: Sendable, CustomStringConvertible {
    public var x: C.Base
    public var y: C.Base
    public var z: C.Base

    @inlinable
    public init(x: C.Base, y: C.Base, z: C.Base) {
        self.x = x
        self.y = y
        self.z = z
    }

    /// The identity.
    @inlinable public static var infinity: Self { Self(x: .one, y: .one, z: .zero) }
    @inlinable public var isInfinity: Bool { z.isZero }

    /// The generator of the group.
    @inlinable public static var generator: Self { C.generator.jacobian }

    @inlinable
    public static prefix func - (point: Self) -> Self { Self(x: point.x, y: -point.y, z: point.z) }

    /// 2·self.
    @inlinable
    public func doubled() -> Self {
        if isInfinity { return self }
        let a = x.squared()
        let b = y.squared()
        let c = b.squared()
        let d = ((x + b).squared() - a - c).doubled()
        let e = a.doubled() + a
        let f = e.squared()
        let x3 = f - d.doubled()
        let eightC = c.doubled().doubled().doubled()
        return Self(x: x3, y: e * (d - x3) - eightC, z: (y * z).doubled())
    }

    /// self + other, for an affine other.
    @inlinable
    public func adding(_ other: AffinePoint<C>) -> Self {
        if other.isInfinity { return self }
        if isInfinity { return other.jacobian }
        let z1z1 = z.squared()
        let u2 = other.x * z1z1
        let s2 = other.y * z * z1z1
        let h = u2 - x
        let r = (s2 - y).doubled()
        if h.isZero { return r.isZero ? doubled() : .infinity }
        let hh = h.squared()
        let i = hh.doubled().doubled()
        let j = h * i
        let v = x * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (y * j).doubled()
        let z3 = (z + h).squared() - z1z1 - hh
        return Self(x: x3, y: y3, z: z3)
    }

    /// self + other.
    @inlinable
    public func adding(_ other: Self) -> Self {
        if other.isInfinity { return self }
        if isInfinity { return other }
        let z1z1 = z.squared()
        let z2z2 = other.z.squared()
        let u1 = x * z2z2
        let u2 = other.x * z1z1
        let s1 = y * other.z * z2z2
        let s2 = other.y * z * z1z1
        let h = u2 - u1
        let r = (s2 - s1).doubled()
        if h.isZero { return r.isZero ? doubled() : .infinity }
        let i = h.doubled().squared()
        let j = h * i
        let v = u1 * i
        let x3 = r.squared() - j - v.doubled()
        let y3 = r * (v - x3) - (s1 * j).doubled()
        let z3 = ((z + other.z).squared() - z1z1 - z2z2) * h
        return Self(x: x3, y: y3, z: z3)
    }

    @inlinable public static func + (a: Self, b: Self) -> Self { a.adding(b) }
    @inlinable public static func + (a: Self, b: AffinePoint<C>) -> Self { a.adding(b) }
    @inlinable public static func - (a: Self, b: Self) -> Self { a.adding(-b) }
    @inlinable public static func += (a: inout Self, b: Self) { a = a.adding(b) }
    @inlinable public static func += (a: inout Self, b: AffinePoint<C>) { a = a.adding(b) }

    /// self multiplied by the integer whose little-endian limbs are given
    /// (double-and-add; not constant time, so never for secret scalars that
    /// an attacker can time).
    @inlinable
    public func multiplied(byLimbs limbs: [UInt64]) -> Self {
        var result = Self.infinity
        for limb in limbs.reversed() {
            for bit in stride(from: 63, through: 0, by: -1) {
                result = result.doubled()
                if (limb >> UInt64(bit)) & 1 == 1 { result = result + self }
            }
        }
        return result
    }

    /// self multiplied by a scalar.
    @inlinable
    public func multiplied(by scalar: Fr) -> Self { multiplied(byLimbs: scalar.canonicalLimbs) }

    @inlinable public static func * (scalar: Fr, point: Self) -> Self { point.multiplied(by: scalar) }

    /// The point in affine coordinates (one inversion).
    @inlinable
    public var affine: AffinePoint<C> {
        guard let zInverse = z.inverse() else { return .infinity }
        let zInverse2 = zInverse.squared()
        return AffinePoint(x: x * zInverse2, y: y * zInverse2 * zInverse)
    }

    /// Many points in affine coordinates with one shared inversion.
    @inlinable
    public static func batchAffine(_ points: [Self]) -> [AffinePoint<C>] {
        var inverses = points.map(\.z)
        C.Base.batchInvert(&inverses)
        return zip(points, inverses).map { point, zInverse in
            if point.isInfinity { return .infinity }
            let zInverse2 = zInverse.squared()
            return AffinePoint(x: point.x * zInverse2, y: point.y * zInverse2 * zInverse)
        }
    }

    public var description: String { affine.description }
}

extension JacobianPoint: Equatable {
    /// Projective equality: X1·Z2² = X2·Z1² and Y1·Z2³ = Y2·Z1³.
    @inlinable
    public static func == (a: Self, b: Self) -> Bool {
        if a.isInfinity || b.isInfinity { return a.isInfinity && b.isInfinity }
        let z1z1 = a.z.squared(), z2z2 = b.z.squared()
        return a.x * z2z2 == b.x * z1z1 && a.y * z2z2 * b.z == b.y * z1z1 * a.z
    }
}
