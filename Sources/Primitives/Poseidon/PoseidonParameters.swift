import Algebra
import Support

/// The constants of one Poseidon width, parsed once from
/// ``PoseidonConstants``: circomlib's round constants and MDS matrix, and
/// their optimized form.
public struct PoseidonParameters: Sendable {
    public let width: Int
    public let partialRounds: Int
    /// (8 + partialRounds) · width constants, round-major.
    public let roundConstants: [Fr]
    /// Row-major width × width MDS matrix.
    public let mds: [Fr]
    /// Optimized: 8 · width full-round constants.
    let fullConstants: [Fr]
    /// Optimized: one constant per partial round.
    let partialConstants: [Fr]
    /// Optimized: the 4th full round's matrix.
    let preSparse: [Fr]
    /// Optimized: per partial round a00, w (width − 1), a1 (width − 1).
    let sparse: [Fr]

    init(width: Int) {
        func parse(_ table: [Int: [String]]) -> [Fr] { table[width]!.map { try! Fr(hex: $0) } }
        self.width = width
        partialRounds = PoseidonConstants.partialRounds[width]!
        roundConstants = parse(PoseidonConstants.roundConstantsHex)
        mds = parse(PoseidonConstants.mdsHex)
        fullConstants = parse(PoseidonConstants.optimizedFullRoundConstantsHex)
        partialConstants = parse(PoseidonConstants.optimizedPartialRoundConstantsHex)
        preSparse = parse(PoseidonConstants.preSparseMatrixHex)
        sparse = parse(PoseidonConstants.sparseMatricesHex)
    }
}
