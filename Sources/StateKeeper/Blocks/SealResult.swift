import RollupTypes

/// What a submission or a tick sealed: the blocks, and the transactions that
/// no longer held when their block was sealed (an earlier block changed an
/// account they depended on), with the reason.
public struct SealResult: Sendable {
    public var blocks: [SealedBlock] = []
    public var rejected: [(hash: String, reason: TransactionRejection)] = []

    public init() {}

    /// Appends another result's blocks and rejections.
    public mutating func merge(_ other: SealResult) {
        blocks += other.blocks
        rejected += other.rejected
    }
}
