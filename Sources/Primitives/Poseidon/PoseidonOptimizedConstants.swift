import Algebra

/// The optimized form of a width's constants, which the native hash runs
/// (the Poseidon paper, appendix B):
/// 1. each partial round's constants for elements 1 … t−1 move forward,
///    through the S-box (which leaves them alone) and the MDS matrix, into
///    the next round's, so a partial round adds a constant to element 0 only;
/// 2. walking back from the last partial round, each accumulated matrix A is
///    factored as M″ · M′ with M′ = diag(1, Â) (Â: A without its first row
///    and column) and M″ sparse ([[a00, wᵀ], [a1, I]], w = Â⁻ᵀ a0); M′
///    commutes with the partial round's S-box and constant and moves into the
///    round before, the last one into the last full round of the first half.
/// Tests check the optimized permutation against the plain one for every width.
struct PoseidonOptimizedConstants {
    /// The 8 full rounds' constants, t each (the first after the partial
    /// rounds holds what they passed forward).
    let full: [Fr]
    /// One constant per partial round, added to element 0.
    let partial: [Fr]
    /// The matrix of the 4th full round, row-major.
    let preSparse: [Fr]
    /// Per partial round: a00, w (t − 1), a1 (t − 1).
    let sparse: [Fr]

    init(constants: [Fr], mds: [[Fr]], fullRounds: Int, partialRounds: Int) {
        let t = mds.count, half = fullRounds / 2
        var rounds = (0..<(fullRounds + partialRounds)).map { Array(constants[($0 * t)..<(($0 + 1) * t)]) }
        for round in half..<(half + partialRounds) {
            let moved = Self.apply(mds, [.zero] + rounds[round][1...])
            rounds[round] = [rounds[round][0]] + [Fr](repeating: .zero, count: t - 1)
            rounds[round + 1] = zip(rounds[round + 1], moved).map { $0 + $1 }
        }
        var sparse = [[Fr]](repeating: [], count: partialRounds)
        var accumulated = mds
        for round in (0..<partialRounds).reversed() {
            let inner = accumulated[1...].map { Array($0[1...]) }
            let w = Self.apply(Self.transposed(Self.inverse(inner)), Array(accumulated[0][1...]))
            sparse[round] = [accumulated[0][0]] + w + accumulated[1...].map { $0[0] }
            let lifted = [[Fr.one] + [Fr](repeating: .zero, count: t - 1)] + inner.map { [Fr.zero] + $0 }
            accumulated = Self.multiply(lifted, mds)
        }
        full = (Array(rounds[..<half]) + Array(rounds[(half + partialRounds)...])).flatMap { $0 }
        partial = rounds[half..<(half + partialRounds)].map { $0[0] }
        preSparse = accumulated.flatMap { $0 }
        self.sparse = sparse.flatMap { $0 }
    }

    private static func apply(_ matrix: [[Fr]], _ vector: [Fr]) -> [Fr] {
        matrix.map { row in zip(row, vector).reduce(Fr.zero) { $0 + $1.0 * $1.1 } }
    }

    private static func multiply(_ left: [[Fr]], _ right: [[Fr]]) -> [[Fr]] {
        left.map { row in (0..<right[0].count).map { column in zip(row, right).reduce(Fr.zero) { $0 + $1.0 * $1.1[column] } } }
    }

    private static func transposed(_ matrix: [[Fr]]) -> [[Fr]] {
        (0..<matrix[0].count).map { column in matrix.map { $0[column] } }
    }

    /// Gauss–Jordan; the matrices here (MDS minors) are invertible.
    private static func inverse(_ matrix: [[Fr]]) -> [[Fr]] {
        let n = matrix.count
        var rows = matrix.enumerated().map { index, row in row + (0..<n).map { $0 == index ? Fr.one : .zero } }
        for column in 0..<n {
            let pivot = (column..<n).first { rows[$0][column] != .zero }!
            rows.swapAt(column, pivot)
            let scale = rows[column][column].inverse()!
            rows[column] = rows[column].map { $0 * scale }
            for row in 0..<n where row != column && rows[row][column] != .zero {
                let factor = rows[row][column]
                rows[row] = zip(rows[row], rows[column]).map { $0 - factor * $1 }
            }
        }
        return rows.map { Array($0[n...]) }
    }
}
