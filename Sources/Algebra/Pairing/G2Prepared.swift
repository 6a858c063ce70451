/// A G2 point with the line coefficients of its Miller loop precomputed, so
/// that a verifier pairing with a fixed G2 point (a verifying key) pays for
/// the G2 arithmetic once.
///
/// Steps follow Costello–Lange–Naehrig (eprint 2013/722, formulas 3 and 4)
/// in homogeneous projective coordinates on the D-type twist; each step
/// yields a line (c0, c1, c2) that ``Pairing`` evaluates at a G1 point as
/// c0·yP + c1·xP·w + c2·v·w.
public struct G2Prepared: Sendable {
    /// One Miller-loop line.
    public struct Line: Sendable {
        public var c0: Fq2
        public var c1: Fq2
        public var c2: Fq2
    }

    /// The lines in the order the Miller loop consumes them; empty for the
    /// identity, which contributes 1 to any pairing.
    public let lines: [Line]

    /// Precomputes the lines of `point`.
    public init(_ point: G2Affine) {
        if point.isInfinity {
            lines = []
            return
        }
        var lines = [Line]()
        lines.reserveCapacity(Pairing.loopCount.count + 30)
        var r = HomogeneousPoint(x: point.x, y: point.y, z: .one)
        let negated = -point
        for digit in Pairing.loopCount.dropLast().reversed() {
            lines.append(r.double())
            if digit == 1 { lines.append(r.add(point)) }
            if digit == -1 { lines.append(r.add(negated)) }
        }
        let q1 = G2Prepared.frobenius(point)
        var q2 = G2Prepared.frobenius(q1)
        q2.y = -q2.y
        lines.append(r.add(q1))
        lines.append(r.add(q2))
        self.lines = lines
    }

    /// The untwist–Frobenius–twist endomorphism ψ(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)).
    static func frobenius(_ point: G2Affine) -> G2Affine {
        let coefficients = FrobeniusCoefficients.shared
        let yFactor = coefficients.fq12C1[1] * coefficients.fq12C1[1] * coefficients.fq12C1[1]
        return G2Affine(x: point.x.conjugate * coefficients.fq6C1[1], y: point.y.conjugate * yFactor)
    }

    /// The running point T of the Miller loop, (X : Y : Z) ↦ (X/Z, Y/Z).
    struct HomogeneousPoint {
        var x: Fq2
        var y: Fq2
        var z: Fq2

        static let twoInverse = Fq(2).inverse()!

        /// T ← 2T, returning the tangent line.
        mutating func double() -> Line {
            let a = (x * y).scaled(by: Self.twoInverse)
            let b = y.squared()
            let c = z.squared()
            let e = G2Curve.b * (c.doubled() + c)
            let f = e.doubled() + e
            let g = (b + f).scaled(by: Self.twoInverse)
            let h = (y + z).squared() - (b + c)
            let i = e - b
            let j = x.squared()
            let eSquared = e.squared()
            x = a * (b - f)
            y = g.squared() - (eSquared.doubled() + eSquared)
            z = b * h
            return Line(c0: -h, c1: j.doubled() + j, c2: i)
        }

        /// T ← T + Q, returning the chord line.
        mutating func add(_ q: G2Affine) -> Line {
            let theta = y - q.y * z
            let lambda = x - q.x * z
            let c = theta.squared()
            let d = lambda.squared()
            let e = lambda * d
            let f = z * c
            let g = x * d
            let h = e + f - g.doubled()
            x = lambda * h
            y = theta * (g - h) - e * y
            z = z * e
            let j = theta * q.x - lambda * q.y
            return Line(c0: lambda, c1: -theta, c2: j)
        }
    }
}
