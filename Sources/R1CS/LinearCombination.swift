import Algebra

/// Σ coefficientᵢ · variableᵢ, the operand of an R1CS constraint.
public struct LinearCombination: Sendable {
    /// The terms; a variable may appear more than once.
    public var terms: [(Variable, Fr)]

    public init(_ terms: [(Variable, Fr)] = []) { self.terms = terms }

    /// The zero combination.
    public static var zero: LinearCombination { LinearCombination() }

    /// 1 · variable.
    public init(_ variable: Variable) { terms = [(variable, .one)] }

    /// A constant c, as c · one.
    public init(constant: Fr) { terms = constant.isZero ? [] : [(.one, constant)] }

    public static func + (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        LinearCombination(lhs.terms + rhs.terms)
    }

    public static func - (lhs: LinearCombination, rhs: LinearCombination) -> LinearCombination {
        LinearCombination(lhs.terms + rhs.terms.map { ($0.0, -$0.1) })
    }

    public static func * (scalar: Fr, lc: LinearCombination) -> LinearCombination {
        LinearCombination(lc.terms.map { ($0.0, scalar * $0.1) })
    }

    /// Appends in place: sums built term by term stay linear in their length.
    public static func += (lhs: inout LinearCombination, rhs: LinearCombination) { lhs.terms.append(contentsOf: rhs.terms) }

    public static func + (lhs: LinearCombination, rhs: Variable) -> LinearCombination { lhs + LinearCombination(rhs) }
    public static func - (lhs: LinearCombination, rhs: Variable) -> LinearCombination { lhs - LinearCombination(rhs) }

    /// The value when every term is on the constant one, else nil.
    public var constantValue: Fr? {
        var total = Fr.zero
        for (variable, coefficient) in terms {
            guard variable == .one else { return nil }
            total += coefficient
        }
        return total
    }

    /// The same combination with repeated variables merged and zero terms
    /// dropped, so chains of linear layers do not grow without bound.
    public var simplified: LinearCombination { LinearCombination(mergeTerms(terms)) }

    /// The value under an assignment lookup.
    public func evaluate(_ value: (Variable) -> Fr) -> Fr {
        terms.reduce(Fr.zero) { $0 + $1.1 * value($1.0) }
    }
}

extension Variable {
    public static func + (lhs: Variable, rhs: Variable) -> LinearCombination { LinearCombination(lhs) + rhs }
    public static func - (lhs: Variable, rhs: Variable) -> LinearCombination { LinearCombination(lhs) - rhs }
    public static func * (scalar: Fr, variable: Variable) -> LinearCombination { scalar * LinearCombination(variable) }
}

/// Terms with equal keys summed, in first-appearance order, zero sums dropped.
func mergeTerms<Key: Hashable>(_ terms: [(Key, Fr)]) -> [(Key, Fr)] {
    var merged = [Key: Fr]()
    var order = [Key]()
    for (key, coefficient) in terms {
        if let existing = merged[key] {
            merged[key] = existing + coefficient
        } else {
            merged[key] = coefficient
            order.append(key)
        }
    }
    return order.compactMap { key in
        let coefficient = merged[key]!
        return coefficient.isZero ? nil : (key, coefficient)
    }
}
