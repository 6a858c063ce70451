import RollupTypes

/// The blocks not yet verified, as the keeper sees them: the sealed blocks
/// after the verified head, and the blocks the pending transactions will
/// fill, by type; and, for each type that waits for full blocks, when its
/// open block seals at the latest. ``AdmissionControl`` in APIServer turns
/// it into the expected seconds to verification.
public struct Backlog: Sendable, Equatable {
    /// The numbers of the sealed blocks after the verified head.
    public var sealed: ClosedRange<UInt32>?
    /// The blocks the pending transactions fill, by type (none absent).
    public var pending: [BlockType: Int]
    /// For each type that waits for full blocks: when a transaction of it
    /// admitted now is sealed at the latest. That is the deadline of its open
    /// block (a partial one pending), or a whole timeout from now when the
    /// pending ones fill whole blocks (a new one opens).
    public var sealDeadline: [BlockType: ContinuousClock.Instant]

    /// All of it, in blocks.
    public var blocks: Int { (sealed?.count ?? 0) + pending.values.reduce(0, +) }

    public init(sealed: ClosedRange<UInt32>?, pending: [BlockType: Int], sealDeadline: [BlockType: ContinuousClock.Instant]) {
        self.sealed = sealed
        self.pending = pending
        self.sealDeadline = sealDeadline
    }
}
