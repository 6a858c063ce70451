import CoreMetrics
import Primitives
import RollupTypes

/// What the state keeper runs with: the chain's parameters (production by
/// default; tests use small trees and short timeouts), how often it ticks,
/// and the operator's key.
public struct StateKeeperConfiguration: Sendable {
    /// The tree depth, the slots per block type and the transfer timeout.
    public var chain: ChainParameters
    /// How often deposits and exits are sealed.
    public var tick: Duration = .milliseconds(100)
    /// Hash the tree on a separate low-priority thread, so acceptance never waits for it
    /// (the node's mode). Sealed blocks then reach the block sink
    /// asynchronously, and full transfer blocks are sealed on the next tick
    /// instead of inside `submit`.
    public var pipelinedSealing = false
    /// The operator's key, owner of the fee account (id 0) created at genesis.
    public var operatorKey: EdDSAPublicKey
    /// Where the sealing time goes (`rollup_block_sealing_seconds`); none by default.
    public var metrics: any MetricsFactory = NOOPMetricsHandler.instance

    public init(operatorKey: EdDSAPublicKey, chain: ChainParameters = .production) {
        self.operatorKey = operatorKey
        self.chain = chain
    }
}
