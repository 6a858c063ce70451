import Algebra

/// One R1CS matrix (A, B or C) in compressed-row form: row j holds the terms
/// columns[rowStarts[j] ..< rowStarts[j+1]] with their coefficients. Columns
/// are indices into the full assignment [1, public…, private…].
public struct SparseMatrix: Sendable {
    public internal(set) var rowStarts: [Int] = [0]
    public internal(set) var columns: [Int32] = []
    public internal(set) var coefficients: [Fr] = []

    public init() {}

    /// The number of rows.
    public var rowCount: Int { rowStarts.count - 1 }

    /// The terms of row j.
    public func row(_ j: Int) -> Zip2Sequence<ArraySlice<Int32>, ArraySlice<Fr>> {
        let range = rowStarts[j]..<rowStarts[j + 1]
        return zip(columns[range], coefficients[range])
    }

    /// Row j · assignment.
    @inlinable
    public func dot(row j: Int, _ assignment: [Fr]) -> Fr {
        var total = Fr.zero
        for index in rowStarts[j]..<rowStarts[j + 1] {
            total += coefficients[index] * assignment[Int(columns[index])]
        }
        return total
    }

    /// Appends a row, merging repeated columns and dropping zero terms.
    mutating func appendRow(_ terms: [(Int, Fr)]) {
        for (column, coefficient) in mergeTerms(terms) {
            columns.append(Int32(column))
            coefficients.append(coefficient)
        }
        rowStarts.append(columns.count)
    }
}
