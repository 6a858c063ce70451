import Algebra

/// The constraint system for setup: records the matrices, asks for no values.
public struct ConstraintRecorder: ConstraintSystem {
    public private(set) var publicCount = 1
    public private(set) var privateCount = 0
    /// Constraint terms with variables not yet placed (public and private
    /// counts are only final at the end).
    private var rows: [(LinearCombination, LinearCombination, LinearCombination)] = []

    public init() {}

    public var computesValues: Bool { false }

    public mutating func allocate(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        privateCount += 1
        return Variable(kind: .private, index: privateCount - 1)
    }

    public mutating func allocatePublic(_ annotation: @autoclosure () -> String, value: Fr?) throws -> Variable {
        publicCount += 1
        return Variable(kind: .public, index: publicCount - 1)
    }

    public mutating func enforce(
        _ annotation: @autoclosure () -> String, _ a: LinearCombination, _ b: LinearCombination, _ c: LinearCombination
    ) {
        rows.append((a, b, c))
    }

    public mutating func pushNamespace(_ name: @autoclosure () -> String) {}
    public mutating func popNamespace() {}
    public func value(of variable: Variable) -> Fr? { nil }

    /// The number of constraints so far.
    public var constraintCount: Int { rows.count }

    func matrices() -> (SparseMatrix, SparseMatrix, SparseMatrix) {
        var a = SparseMatrix(), b = SparseMatrix(), c = SparseMatrix()
        let place = { (lc: LinearCombination) in
            lc.terms.map { ($0.0.assignmentIndex(publicCount: self.publicCount), $0.1) }
        }
        for (rowA, rowB, rowC) in rows {
            a.appendRow(place(rowA))
            b.appendRow(place(rowB))
            c.appendRow(place(rowC))
        }
        return (a, b, c)
    }
}
