import BlockVerification
import RollupTypes

/// Why a follower refused what its upstream published, naming the block.
/// The follower keeps serving its last verified state and asks again later.
public struct FollowRefusal: Error, Equatable, CustomStringConvertible {
    public let block: UInt32
    public let reason: Reason

    /// What was wrong with the block.
    public typealias Reason = BlockRefusal

    public init(block: UInt32, _ reason: Reason) {
        self.block = block
        self.reason = reason
    }

    public var description: String { "refused block \(block) from the upstream: \(reason)" }
}
