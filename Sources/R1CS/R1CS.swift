import Algebra
import Support

/// A rank-1 constraint system: constraints A·w ∘ B·w = C·w over the full
/// assignment w = [1, public inputs…, private witnesses…].
public struct R1CS: Sendable {
    /// Public variables, the constant one included.
    public let publicCount: Int
    /// Private witness variables.
    public let privateCount: Int
    public let a: SparseMatrix
    public let b: SparseMatrix
    public let c: SparseMatrix

    /// The number of constraints.
    public var constraintCount: Int { a.rowCount }
    /// All variables, the constant one included.
    public var variableCount: Int { publicCount + privateCount }
    /// Public inputs, not counting the constant one (snarkjs' nPublic).
    public var inputCount: Int { publicCount - 1 }

    /// Records the constraint system of `circuit` (no witness needed).
    public init<C: Circuit>(_ circuit: C) throws {
        var recorder = ConstraintRecorder()
        try circuit.synthesize(into: &recorder)
        self.init(recorder)
    }

    init(_ recorder: ConstraintRecorder) {
        publicCount = recorder.publicCount
        privateCount = recorder.privateCount
        (a, b, c) = recorder.matrices()
    }

    /// The index of the first constraint the assignment violates, or nil.
    public func firstUnsatisfied(_ assignment: [Fr]) -> Int? {
        precondition(assignment.count == variableCount, "assignment has the wrong length")
        for j in 0..<constraintCount where a.dot(row: j, assignment) * b.dot(row: j, assignment) != c.dot(row: j, assignment) {
            return j
        }
        return nil
    }

    /// SHA-256 of a canonical encoding (counts, then each matrix row by row):
    /// two systems with the same digest are the same constraints.
    public var digest: [UInt8] {
        var hasher = SHA256()
        hasher.update(UInt64(publicCount))
        hasher.update(UInt64(privateCount))
        hasher.update(UInt64(constraintCount))
        for matrix in [a, b, c] {
            for j in 0..<matrix.rowCount {
                hasher.update(UInt64(matrix.rowStarts[j + 1] - matrix.rowStarts[j]))
                for (column, coefficient) in matrix.row(j) {
                    hasher.update(UInt64(column))
                    hasher.update(coefficient.bigEndianBytes)
                }
            }
        }
        return hasher.finalize()
    }
}
