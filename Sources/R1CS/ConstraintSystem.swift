import Algebra

/// What a circuit writes its constraints and witness into. The same
/// `synthesize` code drives setup (no values), proving (values) and checking
/// (values, with annotations to name a failing constraint).
public protocol ConstraintSystem {
    /// Whether witness values are being computed. In setup mode every value
    /// is absent and allocation never asks for one.
    var computesValues: Bool { get }

    /// A new private witness. In a mode that computes values, `value` must
    /// be present.
    mutating func allocate(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable

    /// A new public input.
    mutating func allocatePublic(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable

    /// Adds the constraint a · b = c.
    mutating func enforce(
        _ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination)

    /// Whether `enforce` must be given linear combinations. The prover's
    /// ``WitnessAssignment`` needs only each constraint's operand values, so
    /// where building a combination costs more than its value (Poseidon's
    /// partial rounds), a gadget may pass the values to
    /// ``enforce(_:values:_:_:)`` instead, when this is false.
    var needsLinearCombinations: Bool { get }

    /// Adds a constraint by the values of its operands A·w, B·w and C·w under
    /// the current assignment. Only for systems whose
    /// `needsLinearCombinations` is false.
    mutating func enforce(_ annotation: @autoclosure () -> String, values a: Fr, _ b: Fr, _ c: Fr)

    /// Enters a named scope; annotations inside are prefixed by it.
    mutating func pushNamespace(_ name: @autoclosure () -> String)
    /// Leaves the innermost scope.
    mutating func popNamespace()

    /// The value a variable was given (nil in setup mode).
    func value(of variable: Variable) -> Fr?
}

extension ConstraintSystem {
    /// Systems record or check constraints by their linear combinations
    /// unless they say otherwise.
    public var needsLinearCombinations: Bool { true }

    public mutating func enforce(_ annotation: @autoclosure () -> String, values a: Fr, _ b: Fr, _ c: Fr) {
        preconditionFailure("\(Self.self) needs linear combinations: '\(annotation())' must be enforced with them")
    }

    /// Runs `body` inside a named scope.
    public mutating func namespace<T>(_ name: @autoclosure () -> String, _ body: (inout Self) throws -> T) rethrows -> T {
        pushNamespace(name())
        defer { popNamespace() }
        return try body(&self)
    }

    /// The value of a linear combination (nil in setup mode).
    public func value(of lc: LinearCombination) -> Fr? {
        guard computesValues else { return nil }
        var total = Fr.zero
        for (variable, coefficient) in lc.terms {
            guard let value = value(of: variable) else { return nil }
            total += coefficient * value
        }
        return total
    }
}

/// Why synthesis or proving could not go on.
public enum ConstraintSystemError: Error, Equatable, CustomStringConvertible {
    /// A witness value was missing while values were being computed.
    case missingWitness(String)
    /// The assignment violates a constraint.
    case unsatisfied(constraint: Int, annotation: String)

    public var description: String {
        switch self {
        case .missingWitness(let annotation):
            return "the witness has no value for '\(annotation)'"
        case .unsatisfied(let index, let annotation):
            return "the assignment does not satisfy constraint #\(index) '\(annotation)'"
        }
    }
}
