import Algebra

/// The constraint system for proving: computes the full assignment and, per
/// constraint, the values A·w, B·w and C·w that the QAP reduction needs,
/// without storing the matrices.
public struct WitnessAssignment: ConstraintSystem {
    /// Public values, the constant one first.
    public private(set) var publicValues: [Fr] = [.one]
    public private(set) var privateValues: [Fr] = []
    /// A·w, B·w and C·w, one entry per constraint.
    public private(set) var aValues: [Fr] = []
    public private(set) var bValues: [Fr] = []
    public private(set) var cValues: [Fr] = []
    /// The first constraint that does not hold, if any.
    public private(set) var firstUnsatisfied: Int?

    public init() {}

    /// Computes the assignment of `circuit`.
    public init<C: Circuit>(_ circuit: C) throws {
        try circuit.synthesize(into: &self)
    }

    public var computesValues: Bool { true }

    /// [1, public inputs…, private witnesses…].
    public var assignment: [Fr] { publicValues + privateValues }

    /// The public inputs, without the constant one.
    public var inputs: [Fr] { Array(publicValues.dropFirst()) }

    public mutating func allocate(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        guard let value else { throw ConstraintSystemError.missingWitness(annotation()) }
        privateValues.append(value)
        return Variable(kind: .private, index: privateValues.count - 1)
    }

    public mutating func allocatePublic(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        guard let value else { throw ConstraintSystemError.missingWitness(annotation()) }
        publicValues.append(value)
        return Variable(kind: .public, index: publicValues.count - 1)
    }

    public mutating func enforce(
        _ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination
    ) {
        enforce(annotation(), values: evaluate(a), evaluate(b), evaluate(c))
    }

    /// Only the operands' values matter here.
    public var needsLinearCombinations: Bool { false }

    public mutating func enforce(_ annotation: @autoclosure () -> String, values av: Fr, _ bv: Fr, _ cv: Fr) {
        if firstUnsatisfied == nil && av * bv != cv { firstUnsatisfied = aValues.count }
        aValues.append(av)
        bValues.append(bv)
        cValues.append(cv)
    }

    public mutating func pushNamespace(_ name: @autoclosure () -> String) {}
    public mutating func popNamespace() {}

    public func value(of variable: Variable) -> Fr? {
        variable.kind == .public ? publicValues[variable.index] : privateValues[variable.index]
    }

    private func evaluate(_ lc: LinearCombination) -> Fr {
        var total = Fr.zero
        for (variable, coefficient) in lc.terms {
            let value = variable.kind == .public ? publicValues[variable.index] : privateValues[variable.index]
            total += coefficient * value
        }
        return total
    }
}
