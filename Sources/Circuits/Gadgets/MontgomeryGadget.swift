import Algebra
import Primitives
import R1CS

/// A BabyJubJub point in circuit, in the birationally equivalent Montgomery
/// form v² = u³ + A·u² + u (A = 168698, B = 1), as circomlib's
/// `Edwards2Montgomery` maps it: u = (1 + y)/(1 − y), v = u/x.
struct MontgomeryPointExpression {
    var u: LinearCombination
    var v: LinearCombination
}

/// Variable-base scalar multiplication on BabyJubJub through the Montgomery
/// form, where an addition costs 3 constraints and a doubling 4 (Edwards: 6
/// each). Montgomery formulas are incomplete: they fail for P + P, P + (−P)
/// and points of order 1 or 2. The ladder avoids every such case by starting
/// its accumulator at ``offset``, a point of order 4 outside the prime
/// subgroup: the accumulator then always has a nonzero order-4 component,
/// while the doubled base never does, so no addition ever meets an
/// exceptional pair, whatever the scalar (unlike an offset inside the
/// subgroup, whose discrete logarithm a key owner could arrange).
///
/// Cost of ``multiply(_:bits:_:_:)`` for n bits: 2 (conversion in) + 9 per
/// bit (double 4, add 3, select 2) − 4 (the last doubling is not needed)
/// + 2 (conversion out): 9·n; 2,286 for 254 bits.
public enum MontgomeryGadget {
    static let coefficientA = Fr(168_698)

    /// The point of order 4 (1/√a, 0) that offsets every ladder.
    public static let offset: BabyJubJubPoint = {
        let x = BabyJubJubPoint.a.inverse()!.squareRoot()!
        return BabyJubJubPoint(x: x, y: .zero)
    }()

    /// offset + (Σ bits[i]·2^i)·Q for a point Q of the prime subgroup other
    /// than the identity, in Edwards form. An identity Q (from a low-order
    /// key) has no Montgomery image and makes the system unsatisfiable.
    public static func multiply<CS: ConstraintSystem>(
        _ q: PointExpression, bits: [Variable], _ cs: inout CS, _ name: String
    ) throws -> PointExpression {
        let (offsetU, offsetV) = montgomery(offset)
        var accumulator = MontgomeryPointExpression(u: LinearCombination(constant: offsetU), v: LinearCombination(constant: offsetV))
        var doubled = try fromEdwards(q, &cs, "\(name) base")
        for (index, bit) in bits.enumerated() {
            let sum = try add(accumulator, doubled, &cs, "\(name) bit \(index) add")
            accumulator = MontgomeryPointExpression(
                u: LinearCombination(try cs.select("\(name) bit \(index) u", condition: bit, sum.u, accumulator.u)),
                v: LinearCombination(try cs.select("\(name) bit \(index) v", condition: bit, sum.v, accumulator.v)))
            if index < bits.count - 1 { doubled = try double(doubled, &cs, "\(name) bit \(index) double") }
        }
        return try toEdwards(accumulator, &cs, "\(name) result")
    }

    /// The Montgomery coordinates of an Edwards point with x ≠ 0 and y ≠ 1.
    static func montgomery(_ point: BabyJubJubPoint) -> (u: Fr, v: Fr) {
        let (x, y) = point.affine
        let u = (.one + y) * (.one - y).inverse()!
        return (u, u * x.inverse()!)
    }

    /// u·(1 − y) = 1 + y and v·x = u: 2 constraints.
    static func fromEdwards<CS: ConstraintSystem>(_ p: PointExpression, _ cs: inout CS, _ name: String) throws -> MontgomeryPointExpression {
        var uValue: Fr?, vValue: Fr?
        if let x = cs.value(of: p.x), let y = cs.value(of: p.y) {
            uValue = (.one + y) * ((.one - y).inverse() ?? .zero)
            vValue = uValue! * (x.inverse() ?? .zero)
        }
        let u = try cs.allocate("\(name) u", value: uValue)
        let v = try cs.allocate("\(name) v", value: vValue)
        let one = LinearCombination(constant: .one)
        cs.enforce("\(name) u", LinearCombination(u), one - p.y, one + p.y)
        cs.enforce("\(name) v", LinearCombination(v), p.x, LinearCombination(u))
        return MontgomeryPointExpression(u: LinearCombination(u), v: LinearCombination(v))
    }

    /// x·v = u and y·(u + 1) = u − 1: 2 constraints.
    static func toEdwards<CS: ConstraintSystem>(_ p: MontgomeryPointExpression, _ cs: inout CS, _ name: String) throws -> PointExpression {
        var xValue: Fr?, yValue: Fr?
        if let u = cs.value(of: p.u), let v = cs.value(of: p.v) {
            xValue = u * (v.inverse() ?? .zero)
            yValue = (u - .one) * ((u + .one).inverse() ?? .zero)
        }
        let x = try cs.allocate("\(name) x", value: xValue)
        let y = try cs.allocate("\(name) y", value: yValue)
        let one = LinearCombination(constant: .one)
        cs.enforce("\(name) x", LinearCombination(x), p.v, p.u)
        cs.enforce("\(name) y", LinearCombination(y), p.u + one, p.u - one)
        return PointExpression(x: LinearCombination(x), y: LinearCombination(y))
    }

    /// P + Q for P ≠ ±Q: λ = (v₂ − v₁)/(u₂ − u₁), u₃ = λ² − A − u₁ − u₂,
    /// v₃ = λ·(u₁ − u₃) − v₁. 3 constraints.
    static func add<CS: ConstraintSystem>(
        _ p: MontgomeryPointExpression, _ q: MontgomeryPointExpression, _ cs: inout CS, _ name: String
    ) throws -> MontgomeryPointExpression {
        var lambdaValue: Fr?
        if let u1 = cs.value(of: p.u), let v1 = cs.value(of: p.v), let u2 = cs.value(of: q.u), let v2 = cs.value(of: q.v) {
            lambdaValue = (v2 - v1) * ((u2 - u1).inverse() ?? .zero)
        }
        let lambda = try cs.allocate("\(name) lambda", value: lambdaValue)
        cs.enforce("\(name) lambda", LinearCombination(lambda), q.u - p.u, q.v - p.v)
        return try finish(lambda: lambda, p, otherU: q.u, &cs, name)
    }

    /// 2·P for v ≠ 0: λ = (3u² + 2A·u + 1)/(2v), then as an addition with
    /// u₂ = u. 4 constraints.
    static func double<CS: ConstraintSystem>(_ p: MontgomeryPointExpression, _ cs: inout CS, _ name: String) throws -> MontgomeryPointExpression {
        let square = try cs.multiply("\(name) u^2", p.u, p.u)
        let numerator = Fr(3) * LinearCombination(square) + coefficientA.doubled() * p.u + LinearCombination(constant: .one)
        var lambdaValue: Fr?
        if let n = cs.value(of: numerator), let v = cs.value(of: p.v) { lambdaValue = n * (v.doubled().inverse() ?? .zero) }
        let lambda = try cs.allocate("\(name) lambda", value: lambdaValue)
        cs.enforce("\(name) lambda", LinearCombination(lambda), Fr(2) * p.v, numerator)
        return try finish(lambda: lambda, p, otherU: p.u, &cs, name)
    }

    /// u₃ = λ² − A − u₁ − u₂ and v₃ = λ·(u₁ − u₃) − v₁: 2 constraints.
    private static func finish<CS: ConstraintSystem>(
        lambda: Variable, _ p: MontgomeryPointExpression, otherU: LinearCombination, _ cs: inout CS, _ name: String
    ) throws -> MontgomeryPointExpression {
        var uValue: Fr?, vValue: Fr?
        if let l = cs.value(of: lambda), let u1 = cs.value(of: p.u), let u2 = cs.value(of: otherU), let v1 = cs.value(of: p.v) {
            uValue = l.squared() - coefficientA - u1 - u2
            vValue = l * (u1 - uValue!) - v1
        }
        let u = try cs.allocate("\(name) u", value: uValue)
        let v = try cs.allocate("\(name) v", value: vValue)
        let l = LinearCombination(lambda)
        cs.enforce("\(name) u", l, l, LinearCombination(u) + LinearCombination(constant: coefficientA) + p.u + otherU)
        cs.enforce("\(name) v", l, p.u - u, LinearCombination(v) + p.v)
        return MontgomeryPointExpression(u: LinearCombination(u), v: LinearCombination(v))
    }
}
