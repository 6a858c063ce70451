import Algebra

/// The constraint system for tests and diagnostics: computes values, keeps
/// every constraint's annotation path, and says whether the assignment holds
/// and which constraint breaks first.
public struct ConstraintChecker: ConstraintSystem {
    private var assignment = WitnessAssignment()
    private var namespaces: [String] = []
    /// The annotation path of every constraint, in order.
    public private(set) var annotations: [String] = []

    public init() {}

    /// Synthesizes `circuit` with its witness.
    public init<C: Circuit>(_ circuit: C) throws {
        try circuit.synthesize(into: &self)
    }

    public var computesValues: Bool { true }

    /// The number of constraints.
    public var constraintCount: Int { annotations.count }

    /// The number of variables, the constant one included.
    public var variableCount: Int { assignment.publicValues.count + assignment.privateValues.count }

    /// Whether every constraint holds.
    public var isSatisfied: Bool { assignment.firstUnsatisfied == nil }

    /// The annotation path of the first violated constraint, or nil.
    public var whichIsUnsatisfied: String? { assignment.firstUnsatisfied.map { annotations[$0] } }

    /// The public inputs, without the constant one.
    public var inputs: [Fr] { assignment.inputs }

    private func path(_ name: String) -> String { (namespaces + [name]).joined(separator: "/") }

    public mutating func allocate(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        let name = path(annotation())
        return try assignment.allocate(name, value: value)
    }

    public mutating func allocatePublic(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        let name = path(annotation())
        return try assignment.allocatePublic(name, value: value)
    }

    public mutating func enforce(
        _ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination
    ) {
        annotations.append(path(annotation()))
        assignment.enforce("", a, b, c)
    }

    public mutating func pushNamespace(_ name: @autoclosure () -> String) { namespaces.append(name()) }
    public mutating func popNamespace() { namespaces.removeLast() }
    public func value(of variable: Variable) -> Fr? { assignment.value(of: variable) }
}
