import Algebra
import Support

/// The constants of one Poseidon width, made once from
/// ``PoseidonConstants``: circomlib's round constants and MDS matrix, and
/// their optimized form (``PoseidonOptimizedConstants``).
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

    /// Makes width `width`'s constants (2 … 7), as ``Poseidon/parameters``
    /// did once when first used.
    public init(width: Int) {
        let (constants, mds) = PoseidonConstants.plain(width: width)
        let partialRounds = PoseidonConstants.partialRounds[width]!
        let optimized = PoseidonOptimizedConstants(
            constants: constants, mds: mds, fullRounds: PoseidonConstants.fullRounds, partialRounds: partialRounds)
        self.width = width
        self.partialRounds = partialRounds
        roundConstants = constants
        self.mds = mds.flatMap { $0 }
        fullConstants = optimized.full
        partialConstants = optimized.partial
        preSparse = optimized.preSparse
        sparse = optimized.sparse
    }
}
