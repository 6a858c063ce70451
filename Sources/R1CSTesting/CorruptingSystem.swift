import Algebra
import R1CS

/// A constraint system for tests that forwards everything to another one
/// but adds one to the value of the n-th private allocation: a tampered
/// witness, to show a gadget or circuit refuses it.
public struct CorruptingSystem<Inner: ConstraintSystem>: ConstraintSystem {
    public var inner: Inner
    /// Which private allocation (counting from 1) is corrupted.
    public let corruptAllocation: Int
    var allocations = 0

    public init(inner: Inner, corruptAllocation: Int) {
        self.inner = inner
        self.corruptAllocation = corruptAllocation
    }

    public var computesValues: Bool { inner.computesValues }

    public mutating func allocate(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        allocations += 1
        return try inner.allocate(annotation(), value: allocations == corruptAllocation ? value.map { $0 + .one } : value)
    }

    public mutating func allocatePublic(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        try inner.allocatePublic(annotation(), value: value)
    }

    public mutating func enforce(
        _ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination
    ) {
        inner.enforce(annotation(), a, b, c)
    }

    public var needsLinearCombinations: Bool { inner.needsLinearCombinations }

    public mutating func enforce(_ annotation: @autoclosure () -> String, values a: Fr, _ b: Fr, _ c: Fr) {
        inner.enforce(annotation(), values: a, b, c)
    }

    public mutating func pushNamespace(_ name: @autoclosure () -> String) { inner.pushNamespace(name()) }
    public mutating func popNamespace() { inner.popNamespace() }
    public func value(of variable: Variable) -> Fr? { inner.value(of: variable) }
}
