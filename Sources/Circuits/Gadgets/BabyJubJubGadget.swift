import Algebra
import Primitives
import R1CS

/// A BabyJubJub point in a circuit: affine coordinates as linear combinations.
public struct PointExpression {
    public var x: LinearCombination
    public var y: LinearCombination

    public init(x: LinearCombination, y: LinearCombination) {
        self.x = x
        self.y = y
    }

    /// A constant point.
    public init(constant point: BabyJubJubPoint) {
        let (px, py) = point.affine
        self.init(x: LinearCombination(constant: px), y: LinearCombination(constant: py))
    }

    /// The identity (0, 1).
    public static var identity: PointExpression { PointExpression(x: .zero, y: LinearCombination(constant: .one)) }
}

/// BabyJubJub arithmetic in constraints, the twin of ``BabyJubJubPoint``:
/// circomlib's BabyAdd (6 constraints, complete on this curve), an on-curve
/// check (3), and scalar multiplications by bits.
public enum BabyJubJubGadget {
    static let a = BabyJubJubPoint.a
    static let d = BabyJubJubPoint.d

    /// P + Q. Cost: 6 constraints.
    public static func add<CS: ConstraintSystem>(_ p: PointExpression, _ q: PointExpression, _ cs: inout CS, _ name: String) throws -> PointExpression {
        let beta = try cs.multiply("\(name) beta", p.x, q.y)
        let gamma = try cs.multiply("\(name) gamma", p.y, q.x)
        let delta = try cs.multiply("\(name) delta", (-a) * p.x + p.y, q.x + q.y)
        let tau = try cs.multiply("\(name) tau", LinearCombination(beta), LinearCombination(gamma))
        var x3: Fr?, y3: Fr?
        if let b = cs.value(of: beta), let g = cs.value(of: gamma), let dl = cs.value(of: delta), let t = cs.value(of: tau) {
            x3 = (b + g) * ((.one + d * t).inverse() ?? .zero)
            y3 = (dl + a * b - g) * ((.one - d * t).inverse() ?? .zero)
        }
        let x = try cs.allocate("\(name) x", value: x3)
        let y = try cs.allocate("\(name) y", value: y3)
        let dTau = d * LinearCombination(tau)
        cs.enforce("\(name) x", LinearCombination(x), LinearCombination(constant: .one) + dTau, LinearCombination(beta) + gamma)
        cs.enforce("\(name) y", LinearCombination(y), LinearCombination(constant: .one) - dTau,
                   LinearCombination(delta) + a * LinearCombination(beta) - LinearCombination(gamma))
        return PointExpression(x: LinearCombination(x), y: LinearCombination(y))
    }

    /// Constrains a·x² + y² = 1 + d·x²·y². Cost: 3 constraints.
    public static func enforceOnCurve<CS: ConstraintSystem>(_ p: PointExpression, _ cs: inout CS, _ name: String) throws {
        let x2 = try cs.multiply("\(name) x^2", p.x, p.x)
        let y2 = try cs.multiply("\(name) y^2", p.y, p.y)
        let x2y2 = try cs.multiply("\(name) x^2 y^2", LinearCombination(x2), LinearCombination(y2))
        cs.enforceEqual("\(name) on curve", a * LinearCombination(x2) + y2, LinearCombination(constant: .one) + d * LinearCombination(x2y2))
    }

    /// (Σ bits[i]·2^i)·P for a variable point, most significant bit first:
    /// double, add, select. Cost: 14 constraints per bit.
    public static func multiply<CS: ConstraintSystem>(_ p: PointExpression, bits: [Variable], _ cs: inout CS, _ name: String) throws -> PointExpression {
        var accumulator = PointExpression.identity
        for index in stride(from: bits.count - 1, through: 0, by: -1) {
            let doubled = try add(accumulator, accumulator, &cs, "\(name) bit \(index) double")
            let sum = try add(doubled, p, &cs, "\(name) bit \(index) add")
            accumulator = PointExpression(
                x: LinearCombination(try cs.select("\(name) bit \(index) x", condition: bits[index], sum.x, doubled.x)),
                y: LinearCombination(try cs.select("\(name) bit \(index) y", condition: bits[index], sum.y, doubled.y)))
        }
        return accumulator
    }

    /// (Σ bits[i]·2^i)·B for a constant point B: each bit selects 2^i·B or
    /// the identity linearly, then one addition. Cost: 6 constraints per bit.
    public static func multiply<CS: ConstraintSystem>(constant base: BabyJubJubPoint, bits: [Variable], _ cs: inout CS, _ name: String) throws -> PointExpression {
        var accumulator = PointExpression.identity
        var power = base
        for (index, bit) in bits.enumerated() {
            let (px, py) = power.affine
            let term = PointExpression(x: px * LinearCombination(bit), y: LinearCombination(constant: .one) + (py - .one) * LinearCombination(bit))
            accumulator = try add(accumulator, term, &cs, "\(name) bit \(index)")
            power = power.doubled()
        }
        return accumulator
    }
}
