import CoreMetrics
import Primitives
import RollupTypes

/// What the state keeper runs with: the chain (its parameters, the
/// operator's key and what signatures are checked against) and how often it
/// ticks.
public struct StateKeeperConfiguration: Sendable {
    /// The chain: its parameters, keys, salt and id.
    public var chainConfiguration: ChainConfiguration
    /// The tree depth, the slots per block type and the transfer timeout.
    public var chain: ChainParameters { chainConfiguration.parameters }
    /// How often deposits and exits are sealed.
    public var tick: Duration = .milliseconds(100)
    /// Hash the tree on a separate low-priority thread, so acceptance never waits for it
    /// (the node's mode). Sealed blocks then reach the block sink
    /// asynchronously, and full transfer blocks are sealed on the next tick
    /// instead of inside `submit`.
    public var pipelinedSealing = false
    /// The operator's key, owner of the fee account (id 0) created at genesis.
    public var operatorKey: EdDSAPublicKey { chainConfiguration.operatorKey }
    /// The chain id that signed messages bind, and the bridge's key.
    public var domain: SigningDomain { chainConfiguration.signingDomain }
    /// Where the sealing time goes (`rollup_block_sealing_seconds`); none by default.
    public var metrics: any MetricsFactory = NOOPMetricsHandler.instance

    /// The keeper of `chain`.
    public init(_ chain: ChainConfiguration) {
        chainConfiguration = chain
    }
}
