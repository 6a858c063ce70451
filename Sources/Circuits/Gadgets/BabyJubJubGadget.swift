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
/// check (3), and windowed fixed-base scalar multiplication. Variable-base
/// multiplication goes through the Montgomery form (``MontgomeryGadget``).
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
            // Both denominators with one inversion.
            var denominators = [.one + d * t, .one - d * t]
            Fr.batchInvert(&denominators)
            x3 = (b + g) * denominators[0]
            y3 = (dl + a * b - g) * denominators[1]
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

    /// offset + (Σ bits[i]·2^i)·B for a constant point B, in windows of 3
    /// bits: each window looks up one of 8 constant points (its coordinates
    /// are polynomials in the window's bits, whose 4 products of two or
    /// three bits cost a constraint each), then one addition (6). The offset
    /// is folded into the first window's table, and the first window needs
    /// no addition. Cost for n bits: 10 per full window, fewer for a short
    /// last one, minus 6; 840 for 253 bits.
    public static func multiply<CS: ConstraintSystem>(
        constant base: BabyJubJubPoint, bits: [Variable], offset: BabyJubJubPoint = .identity, _ cs: inout CS, _ name: String
    ) throws -> PointExpression {
        // Every window's table of constant points, made affine with one inversion.
        var windows = [[Variable]]()
        var tables = [BabyJubJubPoint]()
        var windowBase = base
        for start in stride(from: 0, to: bits.count, by: 3) {
            let window = Array(bits[start..<min(start + 3, bits.count)])
            var table = [start == 0 ? offset : .identity]
            for _ in 1..<(1 << window.count) { table.append(table.last! + windowBase) }
            windows.append(window)
            tables.append(contentsOf: table)
            for _ in 0..<window.count { windowBase = windowBase.doubled() }
        }
        var affineTables = BabyJubJubPoint.batchAffine(tables)[...]
        var accumulator: PointExpression?
        for (index, window) in windows.enumerated() {
            let table = Array(affineTables.prefix(1 << window.count))
            affineTables = affineTables.dropFirst(table.count)
            let point = try lookup(table, window, &cs, "\(name) window \(index)")
            accumulator = try accumulator.map { try add($0, point, &cs, "\(name) window \(index) add") } ?? point
        }
        return accumulator ?? PointExpression(constant: offset)
    }

    /// table[Σ bits[i]·2^i] for up to 3 bits: each coordinate written in the
    /// monomial basis of the bits (its Möbius transform over the subsets).
    static func lookup<CS: ConstraintSystem>(
        _ points: [(x: Fr, y: Fr)], _ bits: [Variable], _ cs: inout CS, _ name: String
    ) throws -> PointExpression {
        // monomials[mask]: the product of the bits in mask (mask 0: the constant 1).
        var monomials = [LinearCombination](repeating: .zero, count: points.count)
        monomials[0] = LinearCombination(constant: .one)
        for mask in 1..<points.count {
            let low = mask & -mask
            if mask == low {
                monomials[mask] = LinearCombination(bits[low.trailingZeroBitCount])
            } else {
                monomials[mask] = LinearCombination(try cs.multiply("\(name) monomial \(mask)", monomials[mask ^ low], monomials[low]))
            }
        }
        func coordinate(_ values: [Fr]) -> LinearCombination {
            var coefficients = values
            for bit in 0..<bits.count {
                for mask in 0..<values.count where mask & (1 << bit) != 0 { coefficients[mask] -= coefficients[mask ^ (1 << bit)] }
            }
            return zip(coefficients, monomials).reduce(LinearCombination.zero) { $0 + $1.0 * $1.1 }.simplified
        }
        return PointExpression(x: coordinate(points.map(\.x)), y: coordinate(points.map(\.y)))
    }
}
