import Primitives

/// Sizes and times of the state keeper: production values by default, all
/// adjustable (tests use small trees and short timeouts).
public struct StateKeeperConfiguration: Sendable {
    /// The account tree's depth in index bits (2^depth accounts; even, 2 bits per 4-ary level).
    public var treeDepth = 24
    /// Transfers per transfer block.
    public var transferBlockSize = 8
    /// A transfer block seals this long after its first transfer arrived, padded.
    public var transferBlockTimeout: Duration = .seconds(60)
    /// Slots per deposit block and per exit block.
    public var depositBlockSize = 8
    public var exitBlockSize = 8
    /// How often deposits and exits are sealed.
    public var tick: Duration = .milliseconds(100)
    /// Hash the tree on a separate low-priority thread, so acceptance never waits for it
    /// (the node's mode). Sealed blocks then reach the block sink
    /// asynchronously, and full transfer blocks are sealed on the next tick
    /// instead of inside `submit`.
    public var pipelinedSealing = false
    /// The operator's key, owner of the fee account (id 0) created at genesis.
    public var operatorKey: EdDSAPublicKey

    public init(operatorKey: EdDSAPublicKey) { self.operatorKey = operatorKey }
}
